/**
 * Alice's sender in the lab world, in each {@link io.mxguard.lab.sender.SenderMode} (DESIGN §4).
 *
 * <p>{@link io.mxguard.lab.sender.LabSenders} builds, for a running {@link io.mxguard.lab.world.LabWorld}, a
 * resolver address (honest or hijacking) and a mode, the {@link io.mxguard.delivery.OutboundDelivery} that kind
 * of sender would be, and sends the lab's message with a unique marker ({@link io.mxguard.lab.sender.LabMessage})
 * so a scenario can tell where it ended up. The DNS of the non-mxguard modes,
 * {@link io.mxguard.lab.sender.TrustingResolver} and {@link io.mxguard.lab.sender.AdTrustingResolver}, exists for
 * the lab only: they believe their resolver (all of it, or its AD bit) and must never be used to deliver mail.
 *
 * <p>Outcomes are the engine's {@link io.mxguard.delivery.DeliveryReport} and events; DNS failures of the stubs
 * are {@code Failed(INDETERMINATE)} answers, never exceptions. Thread-safe.
 */
package io.mxguard.lab.sender;

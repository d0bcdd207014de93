package io.mxguard.lab.report;

import static io.mxguard.lab.scenario.TrailEvent.Actor.ALICE;
import static io.mxguard.lab.scenario.TrailEvent.Actor.ATTACKER_MX;
import static io.mxguard.lab.scenario.TrailEvent.Actor.BOB_MX;
import static io.mxguard.lab.scenario.TrailEvent.Actor.RESOLVER;
import static io.mxguard.lab.scenario.TrailEvent.Actor.STRIPPER;
import static io.mxguard.lab.scenario.TrailEvent.Kind.DNS_ANSWER;
import static io.mxguard.lab.scenario.TrailEvent.Kind.DNS_QUERY;
import static io.mxguard.lab.scenario.TrailEvent.Kind.FORWARD;
import static io.mxguard.lab.scenario.TrailEvent.Kind.READ;
import static io.mxguard.lab.scenario.TrailEvent.Kind.SMTP;
import static io.mxguard.lab.scenario.TrailEvent.Kind.STARTTLS;
import static io.mxguard.lab.scenario.TrailEvent.Kind.TLS;
import static io.mxguard.lab.scenario.TrailEvent.Kind.VERDICT;

import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Matrix;
import io.mxguard.lab.scenario.Matrix.Axis;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.scenario.TrailEvent;
import io.mxguard.lab.scenario.TrailEvent.Actor;
import io.mxguard.lab.scenario.TrailEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SampleMatrix - a hand-built lab run shaped like the real one: a hijacking resolver that
 * rewrites the MX, an on-path STARTTLS stripper, and no attack, each against opportunistic, verify and mxguard.
 * One label carries a {@code <script>} as hostile SMTP data would.
 */
final class SampleMatrix {
    static final String HOSTILE = "reads: Subject: Q3 numbers <script>alert('pwned')</script>";
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private SampleMatrix() {
    }

    static Matrix matrix() {
        List<Cell> cells = List.of(
                cell("mx-rewrite", "opportunistic", Outcome.intercepted(), Outcome.intercepted(),
                        "the forged MX is believed; any certificate is accepted",
                        "Alice's server delivered to mx.attacker.net, which read the mail and passed it on to Bob.",
                        forgedDns(trail()).add(ALICE, ATTACKER_MX, SMTP, "EHLO smtp.source.com")
                                .add(ATTACKER_MX, ALICE, SMTP, "250-mx.attacker.net 250-STARTTLS")
                                .add(ALICE, ATTACKER_MX, STARTTLS, "STARTTLS → 220 ready")
                                .add(ALICE, ATTACKER_MX, TLS, "TLS 1.3 with the attacker (not checked)")
                                .add(ALICE, ATTACKER_MX, SMTP, "MAIL FROM:<alice@source.com> RCPT TO:<bob@destination.com> DATA")
                                .add(ATTACKER_MX, ATTACKER_MX, READ, HOSTILE)
                                .add(ATTACKER_MX, BOB_MX, FORWARD, "forwards the message to mx.destination.com")
                                .add(BOB_MX, ATTACKER_MX, SMTP, "250 2.0.0 queued")
                                .add(ALICE, ALICE, VERDICT, "intercepted: the attacker read it, Bob got it too")),
                cell("mx-rewrite", "verify", Outcome.intercepted(), Outcome.intercepted(),
                        "the attacker's certificate is valid for the name it chose",
                        "The attacker's certificate matched mx.attacker.net, the host the forged MX named; it read the mail.",
                        forgedDns(trail()).add(ALICE, ATTACKER_MX, SMTP, "EHLO smtp.source.com")
                                .add(ALICE, ATTACKER_MX, STARTTLS, "STARTTLS → 220 ready")
                                .add(ALICE, ATTACKER_MX, TLS, "TLS 1.3, PKIX ok for mx.attacker.net (= MX host)")
                                .add(ALICE, ATTACKER_MX, SMTP, "MAIL FROM / RCPT TO / DATA → 250")
                                .add(ATTACKER_MX, ATTACKER_MX, READ, "reads the message")
                                .add(ATTACKER_MX, BOB_MX, FORWARD, "forwards it to Bob")
                                .add(ALICE, ALICE, VERDICT, "intercepted behind a valid certificate")),
                cell("mx-rewrite", "mxguard", Outcome.deferred("dnssec-bogus"), Outcome.deferred("dnssec-bogus"),
                        "destination.com is signed, so an unsigned MX answer is bogus",
                        "mxguard saw the MX answer fail DNSSEC validation and kept the mail queued.",
                        trail().add(ALICE, RESOLVER, DNS_QUERY, "MX destination.com? (DO, CD)")
                                .add(RESOLVER, ALICE, DNS_ANSWER, "MX 10 mx.attacker.net, no RRSIG (forged)")
                                .add(ALICE, RESOLVER, DNS_QUERY, "DNSKEY destination.com?")
                                .add(RESOLVER, ALICE, DNS_ANSWER, "DNSKEY 257 3 13 … (chain ok to lab root)")
                                .add(ALICE, ALICE, VERDICT, "deferred: MX answer bogus, RRSIG missing in a signed zone")),
                cell("starttls-strip", "opportunistic", Outcome.intercepted(), Outcome.intercepted(),
                        "no STARTTLS offered, so it sends in cleartext",
                        "The on-path stripper removed STARTTLS, read the cleartext and relayed it to Bob.",
                        honestDns(trail()).add(ALICE, STRIPPER, SMTP, "EHLO smtp.source.com")
                                .add(STRIPPER, BOB_MX, SMTP, "EHLO smtp.source.com")
                                .add(BOB_MX, STRIPPER, SMTP, "250-STARTTLS 250 SIZE")
                                .add(STRIPPER, ALICE, SMTP, "250 SIZE (STARTTLS removed)")
                                .add(ALICE, STRIPPER, SMTP, "MAIL FROM / RCPT TO / DATA in cleartext")
                                .add(STRIPPER, STRIPPER, READ, "reads the cleartext message")
                                .add(STRIPPER, BOB_MX, FORWARD, "relays DATA to Bob")
                                .add(ALICE, ALICE, VERDICT, "intercepted: sent in cleartext past the stripper")),
                cell("starttls-strip", "verify", Outcome.deferred("starttls-missing"), Outcome.deferred("starttls-missing"),
                        "verify requires TLS, and STARTTLS is gone",
                        "Without STARTTLS the verifying sender quit and kept the mail queued.",
                        honestDns(trail()).add(ALICE, STRIPPER, SMTP, "EHLO smtp.source.com")
                                .add(STRIPPER, BOB_MX, SMTP, "EHLO smtp.source.com")
                                .add(BOB_MX, STRIPPER, SMTP, "250-STARTTLS")
                                .add(STRIPPER, ALICE, SMTP, "250 SIZE (STARTTLS removed)")
                                .add(ALICE, STRIPPER, SMTP, "QUIT")
                                .add(ALICE, ALICE, VERDICT, "deferred: STARTTLS required but not offered")),
                cell("starttls-strip", "mxguard", Outcome.deferred("starttls-missing"), Outcome.deferred("starttls-missing"),
                        "a secure TLSA record makes TLS mandatory (RFC 7672 §2.2)",
                        "The TLSA record made TLS mandatory; with STARTTLS stripped mxguard kept the mail queued.",
                        honestDns(trail()).add(ALICE, RESOLVER, DNS_QUERY, "TLSA _25._tcp.mx.destination.com?")
                                .add(RESOLVER, ALICE, DNS_ANSWER, "TLSA 3 1 1 5c1f…e2 (secure)")
                                .add(ALICE, STRIPPER, SMTP, "EHLO smtp.source.com")
                                .add(STRIPPER, ALICE, SMTP, "250 SIZE (STARTTLS removed)")
                                .add(ALICE, STRIPPER, SMTP, "QUIT")
                                .add(ALICE, ALICE, VERDICT, "deferred: DANE requires STARTTLS")),
                cell("none", "opportunistic", Outcome.delivered(), Outcome.delivered(),
                        "no attacker: STARTTLS is offered and taken",
                        "Bob's MX received the mail over unverified TLS; nobody else saw it.",
                        honestDns(trail()).add(ALICE, BOB_MX, SMTP, "EHLO smtp.source.com")
                                .add(BOB_MX, ALICE, SMTP, "250-mx.destination.com 250-STARTTLS")
                                .add(ALICE, BOB_MX, STARTTLS, "STARTTLS → 220 ready")
                                .add(ALICE, BOB_MX, TLS, "TLS 1.3, certificate not checked")
                                .add(ALICE, BOB_MX, SMTP, "MAIL FROM:<alice@source.com> RCPT TO:<bob@destination.com> DATA")
                                .add(BOB_MX, ALICE, SMTP, "250 2.0.0 queued as 7F3A")
                                .add(ALICE, ALICE, VERDICT, "delivered to Bob over TLS")),
                cell("none", "verify", Outcome.delivered(), Outcome.delivered(),
                        "no attacker: Bob's certificate matches the MX host name",
                        "Bob's MX received the mail over TLS verified against mx.destination.com.",
                        honestDns(trail()).add(ALICE, BOB_MX, SMTP, "EHLO smtp.source.com")
                                .add(BOB_MX, ALICE, SMTP, "250-STARTTLS")
                                .add(ALICE, BOB_MX, STARTTLS, "STARTTLS → 220 ready")
                                .add(ALICE, BOB_MX, TLS, "TLS 1.3, PKIX ok for mx.destination.com")
                                .add(ALICE, BOB_MX, SMTP, "MAIL FROM / RCPT TO / DATA → 250 2.0.0")
                                .add(ALICE, ALICE, VERDICT, "delivered to Bob, certificate verified")),
                cell("none", "mxguard", Outcome.delivered(), Outcome.delivered(),
                        "DNSSEC-secure MX and TLSA; Bob's key matches DANE-EE 3 1 1",
                        "Bob's MX received the mail over DANE-verified TLS.",
                        honestDns(trail()).add(ALICE, RESOLVER, DNS_QUERY, "TLSA _25._tcp.mx.destination.com?")
                                .add(RESOLVER, ALICE, DNS_ANSWER, "TLSA 3 1 1 5c1f…e2 (RRSIG ok: secure)")
                                .add(ALICE, BOB_MX, SMTP, "EHLO smtp.source.com")
                                .add(BOB_MX, ALICE, SMTP, "250-STARTTLS")
                                .add(ALICE, BOB_MX, STARTTLS, "STARTTLS → 220 ready")
                                .add(ALICE, BOB_MX, TLS, "TLS 1.3, DANE-EE SPKI matches TLSA")
                                .add(ALICE, BOB_MX, SMTP, "MAIL FROM / RCPT TO / DATA → 250 2.0.0")
                                .add(ALICE, ALICE, VERDICT, "delivered to Bob, DANE verified")));
        return new Matrix(
                List.of(new Axis("mx-rewrite", "hijacking resolver answers MX with mx.attacker.net"),
                        new Axis("starttls-strip", "on-path proxy removes STARTTLS from EHLO"),
                        new Axis("none", "no attack: honest resolver, nobody on the path")),
                List.of(new Axis("opportunistic", "STARTTLS if offered, no checks"),
                        new Axis("verify", "PKIX, name = MX host"),
                        new Axis("mxguard", "own DNSSEC + DANE (default)")),
                cells, Duration.ofMillis(4321));
    }

    /** withActual - the sample with one cell's actual outcome replaced (a mismatch). */
    static Matrix withActual(String attack, String mode, Outcome actual) {
        Matrix m = matrix();
        List<Cell> cells = new ArrayList<>();
        for (Cell c : m.cells()) {
            cells.add(c.attack().equals(attack) && c.mode().equals(mode)
                    ? new Cell(c.attack(), c.mode(), c.expected(), actual, c.why(), c.story(), c.trail()) : c);
        }
        return new Matrix(m.attacks(), m.modes(), cells, m.took());
    }

    private static Cell cell(String attack, String mode, Outcome expected, Outcome actual, String why, String story,
                             Trail trail) {
        return new Cell(attack, mode, expected, actual, why, story, trail.events);
    }

    private static Trail honestDns(Trail t) {
        return t.add(ALICE, RESOLVER, DNS_QUERY, "MX destination.com?")
                .add(RESOLVER, ALICE, DNS_ANSWER, "MX 10 mx.destination.com")
                .add(ALICE, RESOLVER, DNS_QUERY, "A mx.destination.com?")
                .add(RESOLVER, ALICE, DNS_ANSWER, "A 127.0.0.25");
    }

    private static Trail forgedDns(Trail t) {
        return t.add(ALICE, RESOLVER, DNS_QUERY, "MX destination.com?")
                .add(RESOLVER, ALICE, DNS_ANSWER, "MX 10 mx.attacker.net (forged)")
                .add(ALICE, RESOLVER, DNS_QUERY, "A mx.attacker.net?")
                .add(RESOLVER, ALICE, DNS_ANSWER, "A 127.0.0.66");
    }

    private static Trail trail() {
        return new Trail();
    }

    /** Trail - events a few milliseconds apart, in order. */
    static final class Trail {
        final List<TrailEvent> events = new ArrayList<>();
        private Instant at = T0;

        Trail add(Actor from, Actor to, Kind kind, String label) {
            at = at.plusMillis(kind == DNS_QUERY || kind == DNS_ANSWER ? 2 : 7);
            events.add(new TrailEvent(at, from, to, kind, label));
            return this;
        }
    }
}

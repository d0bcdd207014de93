package io.mxguard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueAdminTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void list_findsAMessageThatMovedBackBehindTheListing() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String moving = spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"),
                SpoolTest.content("moving"));
        String staying = spool.enqueue(SpoolTest.envelope("alice@source.com", "carol@destination.com"),
                SpoolTest.content("staying"));
        spool.move(moving, QueueState.INCOMING, QueueState.DEFERRED);
        spool.move(staying, QueueState.INCOMING, QueueState.HOLD);
        boolean[] moved = {false};
        // The scheduler takes the deferred message just after active was read and before deferred is.
        QueueAdmin admin = new QueueAdmin(spool, listed -> {
            if (listed == QueueState.ACTIVE && !moved[0]) {
                moved[0] = true;
                try {
                    spool.move(moving, QueueState.DEFERRED, QueueState.ACTIVE);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertThat(admin.list()).extracting(QueueAdmin.Entry::id, QueueAdmin.Entry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(moving, QueueState.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple(staying, QueueState.HOLD));
    }

    @Test
    void holdReleaseDelete_andVanishedIsGone() throws Exception {
        Spool spool = Spool.open(dir, clock);
        QueueAdmin admin = new QueueAdmin(spool);
        String id = spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"),
                SpoolTest.content("held"));

        assertThat(admin.hold(id)).isEqualTo(QueueAdmin.Result.DONE);
        assertThat(spool.locate(id)).contains(QueueState.HOLD);
        assertThat(admin.hold(id)).isEqualTo(QueueAdmin.Result.NOT_APPLICABLE);
        assertThat(admin.release(id)).isEqualTo(QueueAdmin.Result.DONE);
        assertThat(spool.locate(id)).contains(QueueState.INCOMING);

        assertThat(admin.list()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.state()).isEqualTo(QueueState.INCOMING);
            assertThat(e.sender()).isEqualTo("alice@source.com");
            assertThat(e.recipients()).extracting(RecipientState::address).containsExactly("bob@destination.com");
            assertThat(e.arrival()).isEqualTo(clock.instant());
        });
        assertThat(admin.show(id).orElseThrow().headers()).contains("Subject: held").doesNotContain("Hello");

        assertThat(admin.delete(id)).isEqualTo(QueueAdmin.Result.DONE);
        assertThat(admin.delete(id)).isEqualTo(QueueAdmin.Result.GONE);
        assertThat(admin.release(id)).isEqualTo(QueueAdmin.Result.GONE);
        assertThat(admin.show(id)).isEmpty();
        assertThat(admin.list()).isEmpty();
    }

    @Test
    void activeMessage_isBusy_andHeldMessageIsNotDelivered() throws Exception {
        Spool spool = Spool.open(dir, clock);
        QueueAdmin admin = new QueueAdmin(spool);
        String active = spool.enqueue(SpoolTest.envelope("alice@source.com", "a@destination.com"), SpoolTest.content("a"));
        spool.move(active, QueueState.INCOMING, QueueState.ACTIVE);
        assertThat(admin.delete(active)).isEqualTo(QueueAdmin.Result.BUSY);
        assertThat(admin.hold(active)).isEqualTo(QueueAdmin.Result.BUSY);

        String held = spool.enqueue(SpoolTest.envelope("alice@source.com", "h@destination.com"), SpoolTest.content("h"));
        admin.hold(held);
        java.util.List<String> tried = new java.util.concurrent.CopyOnWriteArrayList<>();
        DomainDelivery record = (d, e, c) -> {
            tried.addAll(e.recipients());
            return new io.mxguard.delivery.DeliveryReport(d, java.util.List.of(), java.util.List.of());
        };
        try (QueueManager qm = new QueueManager(spool, record, QueueConfig.defaults("mx"), clock)) {
            qm.runDue().join();
            assertThat(tried).isEmpty();
            admin.release(held);
            qm.runDue().join();
            assertThat(tried).containsExactly("h@destination.com");
            // no outcome reported → deferred 4.0.0, still queued; admin flush puts it back in incoming
            assertThat(spool.locate(held)).contains(QueueState.DEFERRED);
            assertThat(admin.flush()).isEqualTo(1);
            assertThat(spool.locate(held)).contains(QueueState.INCOMING);
        }
    }
}

package io.mxguard.lab.interop;

import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.peers.Unbound;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.WorldResolvers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Interop: NLnet Labs' unbound (Debian package unbound) validates the lab's signed tree from the
 * lab root anchor, and serves as the upstream of our own validator.
 *
 * <p>Asserting unbound's AD bit is right here: the question is unbound's verdict on our zones.
 * In production nothing of ours reads an AD bit.
 */
class UnboundInteropTest {
    static final Name DESTINATION = Name.fromConstantString("destination.com.");
    static final Name UNSIGNED = Name.fromConstantString("unsigned.com.");

    static Path binary;
    static DnsWorld world;
    static Unbound unbound;
    static final AtomicInteger worldQueries = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        binary = Peer.require("unbound", "unbound");
        world = DnsWorld.start(25);
        world.onQuery(event -> worldQueries.incrementAndGet());
        unbound = new Unbound(binary, world).start();
    }

    @AfterAll
    static void stop() {
        if (unbound != null) {
            unbound.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void unbound_destinationMx_validatesOurZones_ad() throws Exception {
        Message reply = askWithDo(unbound.address(), DESTINATION, Type.MX);
        assertThat(reply.getRcode()).as(transcript(reply)).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.AD)).as("unbound sets AD on our signed MX" + transcript(reply))
                .isTrue();
        assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).as(transcript(reply))
                .anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(MXRecord.class,
                        mx -> assertThat(mx.getTarget()).hasToString("mx.destination.com.")));
    }

    @Test
    void unbound_nonexistentName_provenByOurNsec_ad() throws Exception {
        Message reply = askWithDo(unbound.address(), Name.fromConstantString("nope.destination.com."), Type.A);
        assertThat(reply.getRcode()).as(transcript(reply)).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getHeader().getFlag(Flags.AD)).as(transcript(reply)).isTrue();
    }

    @Test
    void unbound_unsignedMx_answersWithoutAd() throws Exception {
        Message reply = askWithDo(unbound.address(), UNSIGNED, Type.MX);
        assertThat(reply.getRcode()).as(transcript(reply)).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.AD)).as(transcript(reply)).isFalse();
        assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).as(transcript(reply)).isNotEmpty();
    }

    @Test
    void ourValidator_behindUnbound_destinationMx_isSecure() throws Exception {
        try (ValidatingSecureResolver resolver = WorldResolvers.validating(world, unbound.address())) {
            DnsAnswer answer = resolver.lookup(DESTINATION, Type.MX);
            assertThat(answer.security()).as(answer + unbound.describe()).isEqualTo(Security.SECURE);
            assertThat(answer).isInstanceOf(DnsAnswer.Records.class);
        }
    }

    @Test
    void ourValidator_behindUnbound_unsignedMx_isInsecure() throws Exception {
        try (ValidatingSecureResolver resolver = WorldResolvers.validating(world, unbound.address())) {
            DnsAnswer answer = resolver.lookup(UNSIGNED, Type.MX);
            assertThat(answer).as(answer + unbound.describe()).isInstanceOf(DnsAnswer.Records.class);
            assertThat(answer.security()).as(answer + unbound.describe()).isEqualTo(Security.INSECURE);
        }
    }

    @Test
    void ourValidator_behindUnbound_nonexistentName_isSecureNxDomain() throws Exception {
        try (ValidatingSecureResolver resolver = WorldResolvers.validating(world, unbound.address())) {
            DnsAnswer answer = resolver.lookup(Name.fromConstantString("nope.destination.com."), Type.MX);
            assertThat(answer).as(answer + unbound.describe()).isInstanceOf(DnsAnswer.NxDomain.class);
            assertThat(answer.security()).isEqualTo(Security.SECURE);
        }
    }

    @Test
    void unbound_whoseAuthoritiesAreTheHijacker_refusesTheForgedMx() throws Exception {
        world.hijack(List.of(HijackRule.rewriteMx(DESTINATION, Name.fromConstantString("mx.attacker.net."),
                HijackRule.Signatures.KEEP_STALE)));
        try (Unbound fooled = new Unbound(binary, world, world.hijackingResolver(), Unbound.Options.defaults())
                .start()) {
            Message reply = askWithDo(fooled.address(), DESTINATION, Type.MX);
            String transcript = "\n--- unbound answered ---\n" + reply + fooled.describe();
            assertThat(reply.getRcode()).as(transcript).isEqualTo(Rcode.SERVFAIL);
            assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).as(transcript).isEmpty();
            // val-log-level 2 makes unbound say why, in its own words.
            assertThat(fooled.log()).as(transcript).contains("validation failure");
            // Unsigned data passes through it as unsigned data: no AD for unsigned.com.
            Message unsigned = askWithDo(fooled.address(), UNSIGNED, Type.MX);
            assertThat(unsigned.getHeader().getFlag(Flags.AD)).as(unsigned + fooled.describe()).isFalse();
        } finally {
            world.hijack(List.of());
        }
    }

    @Test
    void config_stubsEveryLabZoneAtTheAuthority_andNeverDeclaresAZoneInsecure() throws Exception {
        try (Unbound extra = new Unbound(binary, world).start()) {
            String conf = java.nio.file.Files.readString(extra.configFile());
            String at = world.honestResolver().getAddress().getHostAddress() + "@" + world.honestResolver().getPort();
            for (Name zone : world.zones().zones()) {
                assertThat(conf).as(conf).contains("name: \"" + zone + "\"\n  stub-addr: " + at + "\n");
            }
            assertThat(conf).contains("trust-anchor-file: \"" + world.trustAnchorFile() + "\"")
                    .contains("module-config: \"validator iterator\"").doesNotContain("domain-insecure")
                    .doesNotContain("forward-zone")
                    // remote control only on a Unix socket inside its own private directory
                    .contains("control-enable: yes")
                    .contains("control-interface: \"" + extra.configFile().resolveSibling("control.sock") + "\"")
                    .contains("control-use-cert: no");
        }
    }

    @Test
    void flush_makesARepeatedQuestionReachTheWorldAgain_andItStillValidates() throws Exception {
        Name name = Name.fromConstantString("source.com.");
        askWithDo(unbound.address(), name, Type.MX);

        int before = worldQueries.get();
        Message cached = askWithDo(unbound.address(), name, Type.MX);
        int cachedQueries = worldQueries.get() - before;

        unbound.flush();
        before = worldQueries.get();
        Message flushed = askWithDo(unbound.address(), name, Type.MX);
        int flushedQueries = worldQueries.get() - before;

        assertThat(cached.getHeader().getFlag(Flags.AD)).as(transcript(cached)).isTrue();
        assertThat(flushed.getHeader().getFlag(Flags.AD)).as(transcript(flushed)).isTrue();
        assertThat(cachedQueries).as("queries unbound sent for a repeated question").isZero();
        // The key cache went too: the answer and the DS/DNSKEY of the chain are fetched again.
        assertThat(flushedQueries).as("queries unbound sent for the same question after flush()")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void close_stopsUnbound_andDeletesItsDirectory() throws Exception {
        Unbound extra = new Unbound(binary, world).start();
        Path conf = extra.configFile();
        InetSocketAddress at = extra.address();
        extra.close();
        assertThat(conf.getParent()).doesNotExist();
        assertThat(extra.log()).contains("start of service");
        SimpleResolver probe = new SimpleResolver(at);
        probe.setTimeout(Duration.ofMillis(300));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.send(query(DESTINATION, Type.MX)))
                .isInstanceOf(java.io.IOException.class);
    }

    static Message askWithDo(InetSocketAddress server, Name name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(5));
        resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        return resolver.send(query(name, type));
    }

    static Message query(Name name, int type) {
        return Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
    }

    static String transcript(Message reply) {
        return "\n--- unbound answered ---\n" + reply + unbound.describe();
    }
}

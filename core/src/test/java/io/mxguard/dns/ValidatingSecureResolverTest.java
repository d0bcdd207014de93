package io.mxguard.dns;

import static io.mxguard.dns.ScriptedDnsServer.answer;
import static io.mxguard.dns.ScriptedDnsServer.response;
import static io.mxguard.dns.ScriptedDnsServer.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class ValidatingSecureResolverTest {

    private static final Name HOST = Name.fromConstantString("host.test.");
    private static final ResolverOptions FAST = ResolverOptions.defaults()
            .withTimeoutPerTry(Duration.ofMillis(300)).withTries(2).withDeadline(Duration.ofSeconds(3));

    private ScriptedDnsServer server;
    private ValidatingSecureResolver resolver;

    @AfterEach
    void tearDown() {
        if (resolver != null) {
            resolver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Anchors for a name nothing here lives under: every answer is provably outside them, INSECURE. */
    private static TrustAnchors unrelatedAnchor() throws TrustAnchorException {
        return TrustAnchors.parse("unrelated.invalid. IN DS 1 8 2 "
                + "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n", "test");
    }

    private ValidatingSecureResolver start(ScriptedDnsServer.Script script, TrustAnchors anchors) throws Exception {
        server = new ScriptedDnsServer(script);
        resolver = ValidatingSecureResolver.create(List.of(server.upstream()), anchors, FAST, Clock.systemUTC());
        return resolver;
    }

    private static ARecord a(Name name, String ip) throws Exception {
        return new ARecord(name, DClass.IN, 300, InetAddress.getByName(ip));
    }

    @Test
    void silentUpstream_isIndeterminateFailure_withTimeoutReason() throws Exception {
        start((q, i) -> List.of(), unrelatedAnchor());

        DnsAnswer answer = resolver.lookup(HOST, Type.A);

        assertThat(answer).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(answer.security()).isEqualTo(Security.INDETERMINATE);
        assertThat(answer.reason()).contains("timeout").contains(server.upstream().toString());
        assertThat(resolver.stats().timeouts()).isEqualTo(2);
    }

    @Test
    void servfailUpstream_isFailed_notNoRecords() throws Exception {
        start((q, i) -> wire(response(q, Rcode.SERVFAIL)), unrelatedAnchor());

        DnsAnswer answer = resolver.lookup(HOST, Type.MX);

        assertThat(answer).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(answer.security()).isEqualTo(Security.INDETERMINATE);
        assertThat(answer.reason()).contains("SERVFAIL");
    }

    @Test
    void wrongIdReply_isRetriedAndCounted_thenAnswerUsed() throws Exception {
        start((q, i) -> {
            Message m = answer(q, a(HOST, "192.0.2.7"));
            if (i == 0) {
                m.getHeader().setID((q.getHeader().getID() + 1) & 0xFFFF);
            }
            return wire(m);
        }, unrelatedAnchor());

        DnsAnswer answer = resolver.lookup(HOST, Type.A);

        assertThat(answer).isInstanceOf(DnsAnswer.Records.class);
        assertThat(answer.security()).isEqualTo(Security.INSECURE);
        assertThat(answer.records()).extracting(r -> r.rdataToString()).containsExactly("192.0.2.7");
        assertThat(resolver.stats().wrongIdReplies()).isEqualTo(1);
        assertThat(resolver.stats().retries()).isEqualTo(1);
    }

    @Test
    void garbageReply_isFailed_notNoRecords() throws Exception {
        start((q, i) -> {
            byte[] junk = new byte[40];
            new java.util.Random(i).nextBytes(junk);
            byte[] head = q.toWire();
            junk[0] = head[0]; // right ID, so it is the garbage, not the ID, that is rejected
            junk[1] = head[1];
            return List.of(junk);
        }, unrelatedAnchor());

        DnsAnswer answer = resolver.lookup(HOST, Type.MX);

        assertThat(answer).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(answer.security()).isEqualTo(Security.INDETERMINATE);
        assertThat(answer.reason()).contains("malformed");
    }

    @Test
    void forgedAdBit_withoutSignatures_underRootAnchor_isNotSecure() throws Exception {
        start((q, i) -> {
            Message m = q.getQuestion().getType() == Type.A ? answer(q, a(HOST, "198.51.100.66")) : response(q, 0);
            m.getHeader().setFlag(Flags.AD);
            return wire(m);
        }, TrustAnchors.ianaRoot());

        DnsAnswer answer = resolver.lookup(HOST, Type.A);

        assertThat(answer.security()).isNotEqualTo(Security.SECURE);
        assertThat(answer).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(answer.security()).isEqualTo(Security.BOGUS);
        assertThat(answer.reason()).contains("EDE");
    }

    @Test
    void unsignedAnswer_outsideAnchors_isInsecure_andCNameChainFollowed() throws Exception {
        Name alias = Name.fromConstantString("alias.test.");
        start((q, i) -> wire(answer(q,
                new org.xbill.DNS.CNAMERecord(alias, DClass.IN, 60, HOST), a(HOST, "192.0.2.1"))), unrelatedAnchor());

        DnsAnswer answer = resolver.lookup(alias, Type.A);

        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Records.class, r -> {
            assertThat(r.canonicalName()).isEqualTo(HOST);
            assertThat(r.ttl()).isEqualTo(60);
        });
        assertThat(answer.security()).isEqualTo(Security.INSECURE);
    }

    @Test
    void signedRoot_answerIsSecure_tamperedAnswerIsBogus_andSecureAnswerIsCached() throws Exception {
        SignedRoot root = new SignedRoot();
        Name good = Name.fromConstantString("good.");
        Name bad = Name.fromConstantString("bad.");
        start((q, i) -> {
            Name qn = q.getQuestion().getName();
            int qt = q.getQuestion().getType();
            if (qn.equals(Name.root) && qt == Type.DNSKEY) {
                return wire(answer(q, root.dnskey, root.sign(root.dnskey)));
            }
            if (qn.equals(good) && qt == Type.A) {
                ARecord rec = a(good, "192.0.2.10");
                return wire(answer(q, rec, root.sign(rec)));
            }
            if (qn.equals(bad) && qt == Type.A) {
                RRSIGRecord sig = root.sign(a(bad, "192.0.2.11"));
                return wire(answer(q, a(bad, "198.51.100.66"), sig)); // attacker's address, honest signature
            }
            return wire(response(q, Rcode.REFUSED));
        }, root.anchors());

        DnsAnswer secure = resolver.lookup(good, Type.A);
        int queriesAfterFirst = server.queries();
        DnsAnswer again = resolver.lookup(good, Type.A);
        DnsAnswer bogus = resolver.lookup(bad, Type.A);

        assertThat(secure.security()).as(secure.reason()).isEqualTo(Security.SECURE);
        assertThat(secure.records()).extracting(r -> r.rdataToString()).containsExactly("192.0.2.10");
        assertThat(again).isSameAs(secure);
        assertThat(server.queries()).isGreaterThan(queriesAfterFirst); // only the bad lookup went out
        assertThat(bogus).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(bogus.security()).isEqualTo(Security.BOGUS);
        assertThat(bogus.reason()).contains("EDE");
    }

    /** SignedRoot - a one-key ECDSA P-256 root zone, signed with dnsjava, and its DS as the anchor. */
    static final class SignedRoot {
        final KeyPair keys;
        final DNSKEYRecord dnskey;

        SignedRoot() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
            dnskey = new DNSKEYRecord(Name.root, DClass.IN, 3600, 257, DNSKEYRecord.Protocol.DNSSEC,
                    DNSSEC.Algorithm.ECDSAP256SHA256, keys.getPublic());
        }

        RRSIGRecord sign(org.xbill.DNS.Record r) throws Exception {
            Instant now = Instant.now();
            return DNSSEC.sign(new RRset(r), dnskey, keys.getPrivate(), now.minusSeconds(3600), now.plusSeconds(86400));
        }

        TrustAnchors anchors() throws TrustAnchorException {
            DSRecord ds = new DSRecord(Name.root, DClass.IN, 3600, DNSSEC.Digest.SHA256, dnskey);
            return TrustAnchors.parse(ds.toString() + "\n", "signed-root");
        }
    }
}

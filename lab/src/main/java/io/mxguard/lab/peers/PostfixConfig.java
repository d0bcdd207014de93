package io.mxguard.lab.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PostfixConfig - the main.cf and master.cf of a private Postfix in one of three flavours.
 *
 * <p>Pure: paths, address, domain and mailbox owner in, configuration text out. Every flavour
 * receives on one loopback listener.
 *
 * <ul>
 *   <li><b>Receiving</b> ({@code route} null): the MX of {@code domain}. It stores mail for
 *       {@code domain} in one maildir and can reach nothing: no SMTP client service exists in
 *       master.cf, every non-local transport is {@code error}, no relaying for anyone, no DNS.</li>
 *   <li><b>Sending to a relay host</b> ({@link Relayhost}): a mail server of {@code domain} that hands
 *       every message, for any recipient, from a client in {@code mynetworks} (its own address /32) to
 *       {@code relayhost = [IP]:PORT} (bracketed: no MX lookup) through the {@code smtp} client,
 *       the only client service in master.cf; it binds to its own listen address, tries STARTTLS
 *       opportunistically ({@code may}), looks nothing up in the DNS and stores nothing locally.</li>
 *   <li><b>Sending with DANE</b> ({@link DaneMx}): the same mail server, but mail for one domain goes
 *       to that domain's MX hosts found in the DNS, on a given port, with
 *       {@code smtp_tls_security_level = dane} and {@code smtp_dns_support_level = dnssec}; every
 *       other domain gets {@code error}. Postfix asks the nameservers of {@code /etc/resolv.conf}
 *       (glibc's resolver, port 53, AD bit kept only with {@code options trust-ad}), so this flavour
 *       is only for a network namespace whose resolv.conf names a private validating resolver
 *       ({@link PrivateDns}).</li>
 * </ul>
 *
 * @param root        the instance's private directory (config, queue, data, mail, log below it)
 * @param listen      the only address smtpd listens on (numeric IPv4, fixed port)
 * @param domain      the domain whose recipients are accepted (receiving), or whose mail server this is (sending)
 * @param mailboxUid  owner of the stored messages (virtual(8) refuses uids below 100, so not root)
 * @param mailboxGid  group of the stored messages
 * @param tlsChain    PEM file with the private key followed by the certificate chain; null: no STARTTLS
 * @param route       where the sending flavours send; null: receiving
 */
record PostfixConfig(Path root, InetSocketAddress listen, String domain, long mailboxUid, long mailboxGid,
                     Path tlsChain, Route route) {

    /** The maildir, below {@link #mailBase()}, that every accepted recipient's mail goes to. */
    static final String MAILBOX = "inbox/";

    /** Route - where a sending Postfix sends. */
    sealed interface Route permits Relayhost, DaneMx { }

    /** Relayhost - everything to one numeric loopback IPv4 address and port ({@code relayhost = [IP]:PORT}). */
    record Relayhost(InetSocketAddress address) implements Route {
        Relayhost {
            if (address.isUnresolved() || !(address.getAddress() instanceof java.net.Inet4Address)
                    || !address.getAddress().isLoopbackAddress() || address.getPort() == 0) {
                throw new IllegalArgumentException("relayhost must be a numeric loopback IPv4 address with a port, not "
                        + address);
            }
        }

        /** value - the main.cf value {@code [IP]:PORT}; the brackets turn off MX lookups. */
        String value() {
            return "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
        }
    }

    /**
     * DaneMx - mail for {@code domain} to its MX hosts (from the DNS) on {@code port}, DANE required;
     * {@code tlsReuse}: {@code smtp_tls_connection_reuse} (Postfix 3.4+, through tlsproxy(8); off by default,
     * so a stock Postfix opens a new TLS connection per delivery).
     */
    record DaneMx(String domain, int port, boolean tlsReuse) implements Route {
        DaneMx {
            requirePlainDomain(domain);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** nexthop - the transport(5) value {@code smtp:DOMAIN:PORT}: no brackets, so MX lookup, on PORT. */
        String nexthop() {
            return "smtp:" + domain + ":" + port;
        }
    }

    PostfixConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(domain, "domain");
        if (listen.isUnresolved() || !(listen.getAddress() instanceof java.net.Inet4Address) || listen.getPort() == 0) {
            throw new IllegalArgumentException("listen must be a numeric IPv4 address with a port, not " + listen);
        }
        requirePlainDomain(domain);
    }

    /** The receiving flavour: the MX of {@code domain}. */
    PostfixConfig(Path root, InetSocketAddress listen, String domain, long mailboxUid, long mailboxGid, Path tlsChain) {
        this(root, listen, domain, mailboxUid, mailboxGid, tlsChain, null);
    }

    private static void requirePlainDomain(String domain) {
        if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("not a plain domain name: " + domain);
        }
    }

    /** sending - whether this is a sending flavour (a route is set). */
    boolean sending() {
        return route != null;
    }

    Path configDirectory() {
        return root.resolve("etc");
    }

    Path queueDirectory() {
        return root.resolve("queue");
    }

    Path dataDirectory() {
        return root.resolve("data");
    }

    Path mailBase() {
        return root.resolve("mail");
    }

    Path maillog() {
        return root.resolve("maillog");
    }

    /** hostname - {@code mx.DOMAIN} for the receiving flavour, {@code mail.DOMAIN} for the sending one. */
    String hostname() {
        return (sending() ? "mail." : "mx.") + domain;
    }

    private String ip() {
        return listen.getAddress().getHostAddress();
    }

    /** mainCf - main.cf text. */
    String mainCf() {
        return sending() ? sendingMainCf() : receivingMainCf();
    }

    // Identical in both flavours: the private directories, log, names, listener, no DNS, no notices.
    private List<String> commonMainCf() {
        return List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + queueDirectory(),
                "data_directory = " + dataDirectory(),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                // postlogd writes here (master.cf "postlog"); postfix refuses a log file outside the prefixes.
                "maillog_file = " + maillog(),
                "maillog_file_prefixes = " + root,
                // Set explicitly: otherwise Postfix derives them from gethostname(), which may mean a lookup.
                "myhostname = " + hostname(),
                "mydomain = " + domain,
                "myorigin = $myhostname",
                "inet_interfaces = " + ip(),
                "inet_protocols = ipv4",
                "mynetworks = " + ip() + "/32",
                "relay_domains =",
                "mydestination =",
                "local_transport = error:mxguard lab Postfix has no local delivery",
                "alias_maps =",
                "alias_database =",
                "notify_classes =",
                "biff = no",
                "append_dot_mydomain = no",
                // smtpd never looks up a client's name.
                "smtpd_peername_lookup = no",
                "smtpd_recipient_restrictions =");
    }

    // Never consult /etc/resolv.conf (outside a private namespace it names a real resolver): no MX lookups.
    private static List<String> noDns() {
        return List.of("smtp_dns_support_level = disabled", "disable_dns_lookups = yes");
    }

    // The sending flavours: out through the smtp client from the instance's own address, nothing stored here.
    private String sendingMainCf() {
        List<String> lines = new ArrayList<>(commonMainCf());
        lines.addAll(route instanceof Relayhost r ? relayhostLines(r) : daneMxLines((DaneMx) route));
        lines.addAll(List.of(
                "relay_transport = smtp",
                "smtp_fallback_relay =",
                // Leave from the instance's own loopback address, never from another interface.
                "smtp_bind_address = " + ip(),
                // Level 1 logs the TLS outcome ("Verified", "Trusted", "Untrusted", "Anonymous").
                "smtp_tls_loglevel = 1",
                "smtp_connect_timeout = 5s",
                // An open relay for its own address only: any recipient from mynetworks, nothing from elsewhere.
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "smtpd_client_restrictions = permit_mynetworks, reject",
                "virtual_mailbox_domains =",
                "virtual_alias_domains =",
                "smtpd_tls_security_level = none"));
        return String.join("\n", lines) + "\n";
    }

    private static List<String> relayhostLines(Relayhost r) {
        List<String> lines = new ArrayList<>(noDns());
        lines.addAll(List.of(
                // Bracketed numeric next hop: no MX and no A lookup; the only place the smtp client connects to.
                "relayhost = " + r.value(),
                "default_transport = smtp",
                "smtp_host_lookup = native",
                // Opportunistic: the lab relay may offer no STARTTLS.
                "smtp_tls_security_level = may"));
        return lines;
    }

    private static List<String> daneMxLines(DaneMx d) {
        return List.of(
                "relayhost =",
                // Only the one domain leaves, to its MX hosts on the given port; TLSA at _PORT._tcp.MXHOST.
                "transport_maps = inline:{" + d.domain() + "=" + d.nexthop() + "}",
                "default_transport = error:mxguard lab Postfix sends to " + d.domain() + " only",
                "smtp_host_lookup = dns",
                "smtp_dns_support_level = dnssec",
                "smtp_tls_security_level = dane",
                "smtp_tls_connection_reuse = " + (d.tlsReuse() ? "yes" : "no"),
                // DANE only: no CA file, so "Verified" in the log can only come from a TLSA match.
                "smtp_tls_CAfile =",
                "smtp_tls_CApath =");
    }

    private String receivingMainCf() {
        List<String> lines = new ArrayList<>(commonMainCf());
        lines.addAll(noDns());
        lines.addAll(List.of(
                // Nothing leaves: no relay host, and every transport that would deliver elsewhere is
                // error(8). master.cf has no smtp/lmtp client at all.
                "relayhost =",
                "default_transport = error:mxguard lab MX delivers nowhere else",
                "relay_transport = error:mxguard lab MX delivers nowhere else",
                // No open relay, not even for mynetworks: recipients must be ours.
                "smtpd_relay_restrictions = reject_unauth_destination",
                "virtual_mailbox_domains = " + domain,
                "virtual_mailbox_base = " + mailBase(),
                // Every recipient of the domain shares one maildir; X-Original-To names the recipient.
                "virtual_mailbox_maps = static:" + MAILBOX,
                "virtual_uid_maps = static:" + mailboxUid,
                "virtual_gid_maps = static:" + mailboxGid,
                "virtual_transport = virtual"));
        if (tlsChain != null) {
            lines.addAll(List.of(
                    "smtpd_tls_chain_files = " + tlsChain,
                    "smtpd_tls_security_level = may",
                    // Level 1 logs "TLS connection established ..."; the Received header shows protocol and cipher.
                    "smtpd_tls_loglevel = 1",
                    "smtpd_tls_received_header = yes"));
        } else {
            lines.add("smtpd_tls_security_level = none");
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * masterCf - master.cf text: one smtpd on the listen address, the internal services, no chroot;
     * the sending flavour adds the {@code smtp} client service, the receiving one has no client.
     */
    String masterCf() {
        String text = receivingMasterCf();
        // The sending flavours differ in two lines: the smtp client and the tlsproxy that lets it reuse TLS
        // connections (used only with smtp_tls_connection_reuse); virtual stays, unused.
        return sending() ? text + "smtp      unix  - - n -     - smtp\ntlsproxy  unix  - - n -     0 tlsproxy\n" : text;
    }

    private String receivingMasterCf() {
        String smtpd = ip() + ":" + listen.getPort();
        return String.join("\n",
                // service   type  private unpriv chroot wakeup maxproc command
                smtpd + " inet n - n - - smtpd",
                "pickup    unix  n - n 60    1 pickup",
                "cleanup   unix  n - n -     0 cleanup",
                "qmgr      unix  n - n 300   1 qmgr",
                "tlsmgr    unix  - - n 1000? 1 tlsmgr",
                "rewrite   unix  - - n -     - trivial-rewrite",
                "bounce    unix  - - n -     0 bounce",
                "defer     unix  - - n -     0 bounce",
                "trace     unix  - - n -     0 bounce",
                "verify    unix  - - n -     1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n -     - proxymap",
                "showq     unix  n - n -     - showq",
                "error     unix  - - n -     - error",
                "retry     unix  - - n -     - error",
                "discard   unix  - - n -     - discard",
                "virtual   unix  - n n -     - virtual",
                "anvil     unix  - - n -     1 anvil",
                "scache    unix  - - n -     1 scache",
                "postlog   unix-dgram n - n - 1 postlogd") + "\n";
    }
}

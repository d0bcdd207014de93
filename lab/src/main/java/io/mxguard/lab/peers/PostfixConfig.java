package io.mxguard.lab.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PostfixConfig - the main.cf and master.cf of a private Postfix in one of two flavours.
 *
 * <p>Pure: paths, address, domain and mailbox owner in, configuration text out. Both flavours
 * receive on one loopback listener and look nothing up in the DNS.
 *
 * <ul>
 *   <li><b>Receiving</b> ({@code relayhost} null): the MX of {@code domain}. It stores mail for
 *       {@code domain} in one maildir and can reach nothing: no SMTP client service exists in
 *       master.cf, every non-local transport is {@code error}, no relaying for anyone.</li>
 *   <li><b>Sending</b> ({@code relayhost} set): a mail server of {@code domain} that hands every
 *       message, for any recipient, from a client in {@code mynetworks} (its own address /32) to
 *       {@code relayhost = [IP]:PORT} (bracketed: no MX lookup) through the {@code smtp} client,
 *       the only client service in master.cf; it binds to its own listen address, tries STARTTLS
 *       opportunistically ({@code may}) and stores nothing locally.</li>
 * </ul>
 *
 * @param root        the instance's private directory (config, queue, data, mail, log below it)
 * @param listen      the only address smtpd listens on (numeric IPv4, fixed port)
 * @param domain      the domain whose recipients are accepted, e.g. {@code destination.com}
 * @param mailboxUid  owner of the stored messages (virtual(8) refuses uids below 100, so not root)
 * @param mailboxGid  group of the stored messages
 * @param tlsChain    PEM file with the private key followed by the certificate chain; null: no STARTTLS
 * @param relayhost   the sending flavour's only next hop (numeric loopback IPv4, fixed port); null: receiving
 */
record PostfixConfig(Path root, InetSocketAddress listen, String domain, long mailboxUid, long mailboxGid,
                     Path tlsChain, InetSocketAddress relayhost) {

    /** The maildir, below {@link #mailBase()}, that every accepted recipient's mail goes to. */
    static final String MAILBOX = "inbox/";

    PostfixConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(domain, "domain");
        if (listen.isUnresolved() || !(listen.getAddress() instanceof java.net.Inet4Address) || listen.getPort() == 0) {
            throw new IllegalArgumentException("listen must be a numeric IPv4 address with a port, not " + listen);
        }
        if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("not a plain domain name: " + domain);
        }
        if (relayhost != null && (relayhost.isUnresolved() || !(relayhost.getAddress() instanceof java.net.Inet4Address)
                || !relayhost.getAddress().isLoopbackAddress() || relayhost.getPort() == 0)) {
            throw new IllegalArgumentException("relayhost must be a numeric loopback IPv4 address with a port, not "
                    + relayhost);
        }
    }

    /** The receiving flavour: the MX of {@code domain}. */
    PostfixConfig(Path root, InetSocketAddress listen, String domain, long mailboxUid, long mailboxGid, Path tlsChain) {
        this(root, listen, domain, mailboxUid, mailboxGid, tlsChain, null);
    }

    /** sending - whether this is the sending flavour (a relayhost is set). */
    boolean sending() {
        return relayhost != null;
    }

    /** relayhostValue - the main.cf value {@code [IP]:PORT}; the brackets turn off MX lookups. */
    String relayhostValue() {
        return "[" + relayhost.getAddress().getHostAddress() + "]:" + relayhost.getPort();
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
                // Never consult /etc/resolv.conf (a real outside resolver): no client name, no MX lookups.
                "smtpd_peername_lookup = no",
                "smtp_dns_support_level = disabled",
                "disable_dns_lookups = yes",
                "smtpd_recipient_restrictions =");
    }

    // The sending flavour: everything goes to the relayhost, nothing is stored here.
    private String sendingMainCf() {
        List<String> lines = new ArrayList<>(commonMainCf());
        lines.addAll(List.of(
                // Bracketed numeric next hop: no MX and no A lookup; the only place the smtp client connects to.
                "relayhost = " + relayhostValue(),
                "default_transport = smtp",
                "relay_transport = smtp",
                "smtp_fallback_relay =",
                // Leave from the instance's own loopback address, never from another interface.
                "smtp_bind_address = " + ip(),
                "smtp_host_lookup = native",
                // Opportunistic: the lab relay may offer no STARTTLS; level 1 logs the TLS outcome.
                "smtp_tls_security_level = may",
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

    private String receivingMainCf() {
        List<String> lines = new ArrayList<>(commonMainCf());
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
        // The sending flavour differs in one line: it has the smtp client (and keeps virtual, unused).
        return sending() ? text + "smtp      unix  - - n -     - smtp\n" : text;
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

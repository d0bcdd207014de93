package io.mxguard.policy;

import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.TlsaResult;
import java.util.Objects;
import java.util.Optional;

/**
 * HostFacts - what DNS said about one MX host: its MX entry (with the MX RRset's security), its
 * addresses, and its TLSA result if it was looked up (it must be whenever the addresses are SECURE;
 * see {@link RoutePlanner#needsTlsa(HostAddresses)}).
 */
public record HostFacts(MxResult.MxHost mx, HostAddresses addresses, Optional<TlsaResult> tlsa) {

    public HostFacts {
        Objects.requireNonNull(mx);
        Objects.requireNonNull(addresses);
        Objects.requireNonNull(tlsa);
    }
}

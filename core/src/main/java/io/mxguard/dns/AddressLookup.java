package io.mxguard.dns;

import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** AddressLookup - A and AAAA of one host, asked together, each keeping its own security. */
public final class AddressLookup {

    private final SecureResolver resolver;

    public AddressLookup(SecureResolver resolver) {
        this.resolver = resolver;
    }

    /** lookupAsync - both families; never completes exceptionally. */
    public CompletionStage<HostAddresses> lookupAsync(Name host) {
        var a = resolver.lookupAsync(host, Type.A).toCompletableFuture();
        var aaaa = resolver.lookupAsync(host, Type.AAAA).toCompletableFuture();
        return a.thenCombine(aaaa, (x, y) -> new HostAddresses(host, x, y));
    }

    public HostAddresses lookup(Name host) {
        return lookupAsync(host).toCompletableFuture().join();
    }
}

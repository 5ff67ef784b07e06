package io.mtflux.auth;

import io.mtflux.core.client.DcAuthorizer;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import reactor.core.publisher.Mono;

/**
 * The {@link DcAuthorizer} of a logged-in account (MTPROTO.md 5.4): {@code auth.exportAuthorization(dc)} on the
 * home DC, {@code auth.importAuthorization} on the other DC, then that DC's key marked authorized in the session,
 * so it happens once per DC and not again after a restart. {@link AuthClient#create} installs it.
 */
public final class DcAuthorizations {
    private DcAuthorizations() {
    }

    /** The export-import hook for {@code client} (install it with {@code client.installDcAuthorizer}). */
    public static DcAuthorizer exportImport(MtprotoClient client) {
        return (dcId, calls) -> Mono.defer(() -> calls.invoke(client.state().homeDc(),
                new AuthExportAuthorization(dcId)))
            .flatMap(exported -> importOn(client, dcId, exported, calls));
    }

    static Mono<Void> importOn(MtprotoClient client, int dcId, AuthExportedAuthorization exported,
                               DcAuthorizer.DirectCalls calls) {
        return calls.invoke(dcId, new AuthImportAuthorization(exported.id(), exported.bytes()))
            .onErrorMap(AuthErrors::typed)
            .then(client.updateState(s -> s.dc(dcId).map(auth -> s.withDc(dcId, auth.withAuthorized(true)))
                .orElse(s)))
            .then();
    }
}

package io.mtflux.core.handshake;

import io.mtflux.core.tl.mtproto.SetClientDHParams;

/** What the client does after the server's answer to set_client_DH_params (docs/protocol.md 3.1 step 9). */
public sealed interface DhGenOutcome {

    /**
     * dh_gen_ok: the exchange is complete.
     *
     * @param result the key, salt and time offset
     */
    record Done(HandshakeResult result) implements DhGenOutcome {
    }

    /**
     * dh_gen_retry: send this new set_client_DH_params (fresh b, retry_id = previous auth_key_aux_hash).
     *
     * @param request the request to send
     */
    record Retry(SetClientDHParams request) implements DhGenOutcome {
    }
}

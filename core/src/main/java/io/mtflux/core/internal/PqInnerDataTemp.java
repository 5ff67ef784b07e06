package io.mtflux.core.internal;

import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;

/**
 * {@code p_q_inner_data_temp#3c6a84d4 pq:bytes p:bytes q:bytes nonce:int128 server_nonce:int128 new_nonce:int256
 * expires_in:int = P_Q_inner_data}: the temporary-key inner data without a dc field
 * (https://core.telegram.org/mtproto/auth_key, https://core.telegram.org/api/pfs). The schema the code generator
 * reads lacks it, so it is written and read by hand. {@link #toString()} hides new_nonce.
 *
 * @param pq the server's pq
 * @param p the smaller factor
 * @param q the larger factor
 * @param nonce the client nonce (16 bytes)
 * @param serverNonce the server nonce (16 bytes)
 * @param newNonce the client's new_nonce (32 bytes, secret)
 * @param expiresIn the key's lifetime in seconds
 */
public record PqInnerDataTemp(byte[] pq, byte[] p, byte[] q, byte[] nonce, byte[] serverNonce, byte[] newNonce,
                       int expiresIn) {

    /** The constructor id. */
    public static final int ID = 0x3c6a84d4;

    /** @return the boxed serialization */
    public byte[] serialize() {
        TlWriter w = new TlWriter();
        w.writeInt(ID);
        w.writeBytes(pq);
        w.writeBytes(p);
        w.writeBytes(q);
        w.writeInt128(nonce);
        w.writeInt128(serverNonce);
        w.writeInt256(newNonce);
        w.writeInt(expiresIn);
        return w.toByteArray();
    }

    /**
     * Reads the fields after the constructor id.
     *
     * @param r a reader positioned just after {@link #ID}
     * @return the inner data
     */
    public static PqInnerDataTemp readBare(TlReader r) {
        return new PqInnerDataTemp(r.readBytes(), r.readBytes(), r.readBytes(), r.readInt128(), r.readInt128(),
            r.readInt256(), r.readInt());
    }

    @Override
    public String toString() {
        return "PqInnerDataTemp[expiresIn=" + expiresIn + "]";
    }
}

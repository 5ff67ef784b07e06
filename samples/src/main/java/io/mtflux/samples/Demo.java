package io.mtflux.samples;

import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.mtproto.MtprotoSchema;
import java.io.PrintStream;
import java.util.HexFormat;

/**
 * The README's main job. Until the offline login demo exists, it shows the generated API: the layer, the number
 * of constructors and methods, and a byte-exact round trip of {@code auth.sendCode}.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs the demo, printing to {@code out}; returns the exit code. */
    static int run(PrintStream out) {
        out.println("mtflux: generated TL API at layer " + ApiSchema.LAYER + " ("
            + ApiSchema.classes().size() + " API and " + MtprotoSchema.classes().size()
            + " MTProto constructors and methods)");
        AuthSendCode sendCode = new AuthSendCode("+99966 2 1234", 12345, "0123456789abcdef0123456789abcdef",
            CodeSettings.builder().allowFlashcall(false).currentNumber(true).build());
        byte[] bytes = Tl.serialize(sendCode);
        out.println("auth.sendCode  : " + sendCode);
        out.println("serialized     : " + bytes.length + " bytes, " + HexFormat.of().formatHex(bytes));
        TlObject decoded = Tl.deserialize(bytes);
        boolean same = decoded.equals(sendCode) && java.util.Arrays.equals(Tl.serialize(decoded), bytes);
        out.println("deserialized   : " + decoded);
        out.println("round trip     : " + (same ? "identical" : "DIFFERENT"));
        return same ? 0 : 1;
    }
}

package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.tl.api.RichText;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.messages.MessagesMessages;

/**
 * Fuzz target for the TL decoder. In the normal test run it replays the inputs under
 * {@code src/test/resources/io/mtflux/core/tl/TlDecoderFuzzTestInputs/decode/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes (see the core module's README for the command). Any exception other than {@link TlDecodeException} is a
 * finding, and so is a value that does not survive re-encoding.
 */
class TlDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] data) {
        decodeWith(data, TlReader::readObject);
        decodeWith(data, Updates::read);
        decodeWith(data, MessagesMessages::read);
        decodeWith(data, RichText::read);
        decodeWith(data, r -> r.readVector(TlReader::readObject));
    }

    private static <T extends Object> void decodeWith(byte[] data, TlReader.ElementReader<T> reader) {
        Object value;
        try {
            value = Tl.deserialize(data, reader);
        } catch (TlDecodeException expected) {
            return;
        }
        if (value instanceof TlObject object) {
            byte[] again = Tl.serialize(object);
            assertThat(Tl.deserialize(again, reader)).isEqualTo(value);
        }
    }
}

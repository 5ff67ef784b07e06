package io.mtflux.testkit.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.codegen.TlSchema;
import io.mtflux.codegen.TlSchemaParser;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlGzip;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.testkit.layer.SchemaReader.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transcoder's rules on small schemas of its own, and the layer bookkeeping. */
class LayerTranscoderTest {
    private static final TlSchema NEW = TlSchemaParser.parse(String.join("\n",
        "// Layer: 228",
        "thing flags:# big:flags.0?true id:long name:string note:flags.1?string inner:Inner = Thing;",
        "innerNew value:int = Inner;",
        "innerOld value:int = Inner;",
        "onlyNew = Thing;"), "new.tl");
    private static final TlSchema OLD = TlSchemaParser.parse(String.join("\n",
        "// Layer: 100",
        "thing flags:# big:flags.0?true id:int name:string count:int ids:Vector<long> status:Status"
            + " hidden:flags.3?string inner:Inner = Thing;",
        "statusEmpty = Status;",
        "statusFull value:Status = Status;",
        "innerOld value:int = Inner;"), "old.tl");
    private static final LayerTranscoder T = new LayerTranscoder(100, NEW, OLD);

    private static int id(TlSchema schema, String name) {
        return schema.combinators().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().id();
    }

    private static byte[] thing(boolean big, long id, String note, String inner) {
        TlWriter w = new TlWriter();
        w.writeInt(id(NEW, "thing"));
        w.writeInt((big ? 1 : 0) | (note != null ? 2 : 0));
        w.writeLong(id);
        w.writeString("name");
        if (note != null) {
            w.writeString(note);
        }
        w.writeInt(id(NEW, inner));
        w.writeInt(7);
        return w.toByteArray();
    }

    @Test
    void fieldsMoveByNameAndTheOlderLayerGetsDefaults() {
        Node old = SchemaReader.of(OLD).read(T.toClient(thing(true, 5, "dropped", "innerOld")));
        assertThat(old.id()).isEqualTo(id(OLD, "thing"));
        assertThat(old.get("flags")).isEqualTo(1);
        assertThat(old.get("big")).isEqualTo(true);
        assertThat(old.get("id")).isEqualTo(5);
        assertThat(old.get("name")).isEqualTo("name");
        assertThat(old.get("count")).isEqualTo(0);
        assertThat(old.get("ids")).isEqualTo(List.of());
        assertThat(old.node("status").name()).isEqualTo("statusEmpty");
        assertThat(old.get("hidden")).isNull();
        assertThat(old.node("inner").get("value")).isEqualTo(7);
        // and back: what the old layer has survives, the rest is the newer layer's default
        assertThat(T.toServerObject(T.toClient(thing(true, 5, "dropped", "innerOld"))))
            .isEqualTo(thing(true, 5, null, "innerOld"));
    }

    @Test
    void whatTheOtherLayerCannotHoldIsAClearError() {
        assertThatThrownBy(() -> T.toClient(thing(false, 1, null, "innerNew")))
            .isInstanceOf(LayerTranscodeException.class).hasMessageContaining("innerNew")
            .hasMessageContaining("layer 100");
        assertThatThrownBy(() -> T.toClient(TlWriter.serialize(new HelpGetConfig())))
            .isInstanceOf(TlDecodeException.class);
        TlWriter onlyNew = new TlWriter();
        onlyNew.writeInt(id(NEW, "onlyNew"));
        assertThatThrownBy(() -> T.toClient(onlyNew.toByteArray())).isInstanceOf(LayerTranscodeException.class)
            .hasMessageContaining("onlyNew");
        assertThatThrownBy(() -> T.toClient(thing(false, 1L << 40, null, "innerOld")))
            .isInstanceOf(LayerTranscodeException.class).hasMessageContaining("does not fit");
    }

    @Test
    void malformedBytesAreDecodeErrors() {
        byte[] good = thing(true, 5, "note", "innerOld");
        for (int cut = 0; cut < good.length; cut += 3) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> T.toClient(truncated)).isInstanceOf(TlDecodeException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 4);
        assertThatThrownBy(() -> T.toClient(longer)).isInstanceOf(TlDecodeException.class)
            .hasMessageContaining("trailing");
    }

    @ParameterizedTest
    @CsvSource({"0, 228", "1, 158", "157, 158", "158, 158", "197, 158", "198, 198", "200, 198", "226, 198",
        "227, 227", "228, 228", "229, 228", "1000, 228"})
    void anUnknownLayerIsServedInTheNearestLowerKnownOne(int announced, int served) {
        assertThat(ApiLayers.resolve(announced)).isEqualTo(served);
        assertThat(ApiLayers.transcoder(announced).layer()).isEqualTo(served);
    }

    @Test
    void theAnnouncedLayerIsFoundThroughWrappersAndGzip() {
        byte[] query = TlWriter.serialize(new HelpGetConfig());
        TlWriter w = new TlWriter();
        w.writeInt(LayerTranscoder.INVOKE_AFTER_MSG);
        w.writeLong(42);
        w.writeInt(LayerTranscoder.INVOKE_WITHOUT_UPDATES);
        w.writeInt(LayerTranscoder.INVOKE_WITH_LAYER);
        w.writeInt(158);
        w.writeRaw(query, 0, query.length);
        byte[] wrapped = w.toByteArray();
        assertThat(LayerTranscoder.announcedLayer(wrapped)).isEqualTo(158);
        TlWriter packed = new TlWriter();
        packed.writeInt(0x3072cfa1);
        packed.writeBytes(TlGzip.gzip(wrapped));
        assertThat(LayerTranscoder.announcedLayer(packed.toByteArray())).isEqualTo(158);
        assertThat(ApiLayers.transcoder(158).toServer(packed.toByteArray())).isEqualTo(wrapped);
        assertThat(LayerTranscoder.announcedLayer(query)).isZero();
    }

    @Test
    void theNativeSchemaIsCoresCodegenInput() throws IOException {
        Path core = Path.of("../core/src/main/tl/api-layer228.tl");
        byte[] ours;
        try (var in = ApiLayers.class.getResourceAsStream("api-layer228.tl")) {
            ours = in.readAllBytes();
        }
        assertThat(ours).isEqualTo(Files.readAllBytes(core));
    }
}

package io.mtflux.testkit.layer;

import io.mtflux.codegen.TlSchema;
import io.mtflux.codegen.TlSchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The API layers the testkit speaks, and the transcoder for each. The server's own objects are the generated
 * layer-228 classes; a client that announced another layer in {@code invokeWithLayer} gets every reply and push
 * transcoded to that layer, and its requests are transcoded to 228 before they are parsed
 * ({@link LayerTranscoder}).
 *
 * <p>A layer the testkit does not know is answered in the nearest lower one it does (below the oldest: the
 * oldest); a layer above 228, or none announced yet, gets 228. The schemas are resources of this module
 * ({@code io/mtflux/testkit/layer/api-layerN.tl}), parsed with the codegen's {@link TlSchemaParser}.
 */
public final class ApiLayers {
    /** The layer of the generated classes (core's {@code ApiSchema.LAYER}): replies need no transcoding. */
    public static final int NATIVE = 228;
    /** The layers with a schema here, ascending. */
    public static final List<Integer> KNOWN = List.of(158, 198, 227, NATIVE);

    private static final Map<Integer, LayerTranscoder> TRANSCODERS = new ConcurrentHashMap<>();
    private static volatile TlSchema nativeSchema;

    private ApiLayers() {
    }

    /**
     * The known layer a client that announced {@code announced} is served in.
     *
     * @param announced the layer from {@code invokeWithLayer}, 0 when none was announced
     * @return one of {@link #KNOWN}
     */
    public static int resolve(int announced) {
        if (announced <= 0 || announced >= NATIVE) {
            return NATIVE;
        }
        int best = KNOWN.get(0);
        for (int layer : KNOWN) {
            if (layer <= announced) {
                best = layer;
            }
        }
        return best;
    }

    /**
     * The transcoder between layer 228 and the layer {@code announced} resolves to ({@link #resolve}). Its
     * schemas are parsed on first use (reading a resource): call {@link #preload()} first on a thread that may
     * block.
     *
     * @param announced the layer the client announced
     * @return the transcoder ({@link LayerTranscoder#isIdentity()} for 228)
     */
    public static LayerTranscoder transcoder(int announced) {
        int layer = resolve(announced);
        LayerTranscoder existing = TRANSCODERS.get(layer);
        if (existing != null) {
            return existing;
        }
        synchronized (ApiLayers.class) {
            return TRANSCODERS.computeIfAbsent(layer, l -> l == NATIVE ? LayerTranscoder.identity()
                : new LayerTranscoder(l, nativeSchema(), load(l)));
        }
    }

    /**
     * Parses every known schema and builds every transcoder, on a thread that may block (boundedElastic).
     *
     * @return completes when everything is loaded
     */
    public static Mono<Void> preload() {
        return Mono.fromRunnable(() -> KNOWN.forEach(ApiLayers::transcoder))
            .subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** The parsed layer-228 schema (the one the generated classes come from). */
    static TlSchema nativeSchema() {
        TlSchema s = nativeSchema;
        if (s == null) {
            synchronized (ApiLayers.class) {
                s = nativeSchema;
                if (s == null) {
                    s = load(NATIVE);
                    nativeSchema = s;
                }
            }
        }
        return s;
    }

    /** Parses the schema resource of a known layer. */
    static TlSchema load(int layer) {
        String name = "api-layer" + layer + ".tl";
        try (InputStream in = ApiLayers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/mtflux/testkit/layer/" + name);
            }
            return TlSchemaParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}

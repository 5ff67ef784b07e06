package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.codegen.TlCombinator;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.api.upload.UploadSaveFilePart;
import io.mtflux.core.tl.mtproto.MtprotoSchema;
import io.mtflux.core.tl.testing.RandomTl;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated constructor and method survives serialize, deserialize, serialize with random field values: a
 * property test over 25 seeds (new ones each run; a failing seed is in the test name, and
 * {@code -Dmtflux.tl.seed=N} replays it).
 */
class TlRoundTripPropertyTest {

    static LongStream seeds() {
        String fixed = System.getProperty("mtflux.tl.seed");
        if (fixed != null) {
            return LongStream.of(Long.parseLong(fixed));
        }
        return new java.util.Random().longs(25);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyConstructorAndMethodRoundTrips(long seed) {
        RandomTl random = new RandomTl(seed, 0.001);
        for (RandomTl.Schema schema : new RandomTl.Schema[] {RandomTl.api(), RandomTl.mtproto()}) {
            for (TlCombinator c : schema.combinators()) {
                TlObject original = random.instance(schema, c);
                byte[] bytes = Tl.serialize(original);
                assertThat(bytes.length % 4).as(c.name()).isZero();
                TlObject decoded = Tl.deserialize(bytes);
                assertThat(decoded).as(c.name()).isEqualTo(original);
                assertThat(decoded.hashCode()).as(c.name()).isEqualTo(original.hashCode());
                assertThat(Tl.serialize(decoded)).as(c.name()).isEqualTo(bytes);
            }
        }
    }

    @Test
    void everyGeneratedClassIsCoveredByTheSchemas() {
        int api = RandomTl.api().combinators().size();
        int mtproto = RandomTl.mtproto().combinators().size();
        assertThat(api).isEqualTo(ApiSchema.classes().size());
        assertThat(mtproto).isEqualTo(MtprotoSchema.classes().size());
        // layer 228: 1647 constructors + 808 methods, less boolTrue and boolFalse (Bool is a Java boolean)
        assertThat(api).isEqualTo(1647 + 808 - 2);
        assertThat(ApiSchema.LAYER).isEqualTo(228);
    }

    @Test
    void idsAreUniqueAcrossBothSchemas() {
        Set<Integer> ids = new HashSet<>();
        for (RandomTl.Schema schema : new RandomTl.Schema[] {RandomTl.api(), RandomTl.mtproto()}) {
            for (TlCombinator c : schema.combinators()) {
                assertThat(ids.add(c.id())).as("duplicate id of " + c.name()).isTrue();
            }
        }
    }

    @Test
    void oneMebibyteBytesRoundTrip() {
        byte[] part = new byte[1 << 20];
        new java.util.Random(7).nextBytes(part);
        UploadSaveFilePart method = new UploadSaveFilePart(42L, 3, part);
        byte[] bytes = Tl.serialize(method);
        assertThat(bytes).hasSize(4 + 8 + 4 + 4 + (1 << 20));
        assertThat(Tl.deserialize(bytes)).isEqualTo(method);
    }
}

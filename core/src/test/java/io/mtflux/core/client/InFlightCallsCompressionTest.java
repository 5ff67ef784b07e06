package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import org.junit.jupiter.api.Test;

/** {@code gzip_packed} for large compressible call bodies ({@link InFlightCalls#compressIfWorthIt}). */
class InFlightCallsCompressionTest {

    @Test
    void smallOrIncompressibleBodiesStayAsTheyAre() {
        byte[] small = Tl.serialize(new HelpGetCountriesList("en", 1));
        assertThat(InFlightCalls.compressIfWorthIt(small)).isSameAs(small);
        byte[] random = new byte[2048];
        new java.util.Random(1).nextBytes(random);
        assertThat(InFlightCalls.compressIfWorthIt(random)).isSameAs(random);
    }

    @Test
    void largeCompressibleBodiesBecomeGzipPacked() {
        HelpGetCountriesList query = new HelpGetCountriesList("a".repeat(4000), 5);
        byte[] body = Tl.serialize(query);
        byte[] packed = InFlightCalls.compressIfWorthIt(body);
        assertThat(packed.length).isLessThan(body.length / 4);
        assertThat(new TlReader(packed).peekInt()).isEqualTo(TlReader.GZIP_PACKED_ID);
        assertThat(Tl.deserialize(packed)).isEqualTo(query);
    }
}

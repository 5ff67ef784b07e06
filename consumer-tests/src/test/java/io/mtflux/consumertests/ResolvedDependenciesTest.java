package io.mtflux.consumertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedDependenciesTest {

    @Test
    void readsTheLinesOfDependencyList() {
        ResolvedDependencies resolved = ResolvedDependencies.parse(List.of(
            "",
            "The following files have been resolved:",
            "   io.netty:netty-buffer:jar:4.2.18.Final:compile -- module io.netty.buffer",
            "   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.2.18.Final:runtime -- module x [auto]",
            "   org.slf4j:slf4j-api:jar:2.0.17:compile",
            ""));

        assertThat(resolved.versions()).containsOnlyKeys("io.netty:netty-buffer:jar",
            "io.netty:netty-transport-native-epoll:jar:linux-x86_64", "org.slf4j:slf4j-api:jar");
        assertThat(resolved.version("io.netty:netty-transport-native-epoll:jar:linux-x86_64"))
            .contains("4.2.18.Final");
        assertThat(resolved.version("org.slf4j:slf4j-api:jar")).contains("2.0.17");
        assertThat(resolved.hasGroup("io.netty")).isTrue();
        // a group is matched whole, not as a prefix of another group
        assertThat(resolved.hasGroup("org.slf4")).isFalse();
    }

    @Test
    void refusesOneArtifactAtTwoVersions() {
        assertThatThrownBy(() -> ResolvedDependencies.parse(List.of(
            "   io.netty:netty-buffer:jar:4.2.18.Final:compile",
            "   io.netty:netty-buffer:jar:4.2.15.Final:runtime")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("4.2.15.Final");
    }
}

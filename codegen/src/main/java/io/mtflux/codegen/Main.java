package io.mtflux.codegen;

/** Placeholder entry point, replaced by the real generator. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
    }
}

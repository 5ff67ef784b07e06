package io.mtflux.core.tl;

/**
 * A TL value that has a constructor id: every generated constructor record and method record implements it.
 *
 * <p>The boxed form is the 4-byte little-endian constructor id followed by the fields; the bare form is the
 * fields alone. Both are produced without reflection by code generated from the schema.
 */
public interface TlObject {

    /**
     * The constructor id as declared in the schema ({@code #xxxxxxxx}).
     *
     * @return the id, written first in the boxed form
     */
    int constructorId();

    /**
     * The TL name with namespace, e.g. {@code auth.sendCode}.
     *
     * @return the name
     */
    String tlName();

    /**
     * Writes the fields only (the bare form).
     *
     * @param writer where to write
     */
    void serializeBare(TlWriter writer);

    /**
     * Writes the constructor id, then the fields (the boxed form).
     *
     * @param writer where to write
     */
    default void serialize(TlWriter writer) {
        writer.writeInt(constructorId());
        serializeBare(writer);
    }
}

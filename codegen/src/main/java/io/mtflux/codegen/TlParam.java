package io.mtflux.codegen;

/**
 * One argument of a combinator.
 *
 * @param name the TL field name, e.g. {@code phone_code_hash}
 * @param type the field type
 * @param flagsField the flags word that guards this field ({@code flags}, {@code flags2}), or null when unconditional
 * @param flagBit the bit in {@code flagsField}, or -1
 */
public record TlParam(String name, TlType type, String flagsField, int flagBit) {

    public boolean isConditional() {
        return flagsField != null;
    }

    /** A {@code flags.N?true} field: no bytes on the wire, its value is the bit. */
    public boolean isTrueFlag() {
        return isConditional() && type.name().equals("true");
    }

    /** A {@code flags:#} word. */
    public boolean isFlagsWord() {
        return type.name().equals("#");
    }
}

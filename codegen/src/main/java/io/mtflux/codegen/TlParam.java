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

    /**
     * Whether a flags bit guards this field ({@code flags.N?T}).
     *
     * @return true when {@link #flagsField()} is set
     */
    public boolean isConditional() {
        return flagsField != null;
    }

    /**
     * Whether this is a {@code flags.N?true} field: no bytes on the wire, its value is the bit.
     *
     * @return true for a conditional field of type {@code true}
     */
    public boolean isTrueFlag() {
        return isConditional() && type.name().equals("true");
    }

    /**
     * Whether this is a flags word ({@code flags:#}), the bits that other fields' conditions name.
     *
     * @return true for a field of type {@code #}
     */
    public boolean isFlagsWord() {
        return type.name().equals("#");
    }
}

package io.mtflux.core.tl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Value equality for generated records whose fields hold byte arrays (directly or in lists). */
public final class TlEquality {
    private TlEquality() {
    }

    /**
     * Deep equality: byte arrays by content, lists element by element.
     *
     * @param a a field value, possibly null
     * @param b another field value, possibly null
     * @return whether they are equal
     */
    public static boolean equal(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /**
     * A hash consistent with {@link #equal}.
     *
     * @param value a field value, possibly null
     * @return its hash
     */
    public static int hash(Object value) {
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + hash(element);
            }
            return h;
        }
        return Objects.hashCode(value);
    }
}

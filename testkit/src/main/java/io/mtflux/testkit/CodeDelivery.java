package io.mtflux.testkit;

/**
 * How the cluster says it delivered a login code: the {@code auth.SentCodeType} of an {@code auth.sentCode} and,
 * for every kind but {@link #APP}, the {@code auth.CodeType} announced as its {@code next_type}
 * (https://core.telegram.org/api/auth, https://core.telegram.org/type/auth.SentCodeType). The code itself always
 * reaches the test through {@link TestCluster#codes()}.
 */
public enum CodeDelivery {
    /** {@code auth.sentCodeTypeApp}: a service message in the user's other sessions (never a next type). */
    APP,
    /** {@code auth.sentCodeTypeSms} / {@code auth.codeTypeSms}. */
    SMS,
    /** {@code auth.sentCodeTypeCall} / {@code auth.codeTypeCall}: a voice call reads the code. */
    CALL,
    /** {@code auth.sentCodeTypeFlashCall} / {@code auth.codeTypeFlashCall}. */
    FLASH_CALL,
    /** {@code auth.sentCodeTypeMissedCall} / {@code auth.codeTypeMissedCall}. */
    MISSED_CALL
}

package io.mtflux.core.client;

import java.util.Objects;

/**
 * What {@code initConnection} tells the server about the app.
 *
 * @param deviceModel e.g. "PC 64bit"
 * @param systemVersion e.g. "Linux 6.1"
 * @param appVersion e.g. "1.0"
 * @param systemLangCode e.g. "en"
 * @param langCode e.g. "en"
 */
public record InitConnectionParams(String deviceModel, String systemVersion, String appVersion,
                                   String systemLangCode, String langCode) {
    /**
     * Checks that no component is null.
     *
     * @param deviceModel the device model
     * @param systemVersion the operating system and its version
     * @param appVersion the app's version
     * @param systemLangCode the system's language code
     * @param langCode the app's language code
     * @throws NullPointerException if a component is null
     */
    public InitConnectionParams {
        Objects.requireNonNull(deviceModel, "deviceModel");
        Objects.requireNonNull(systemVersion, "systemVersion");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(systemLangCode, "systemLangCode");
        Objects.requireNonNull(langCode, "langCode");
    }

    /** {@return parameters describing this JVM: "mtflux", the OS name and version, "0.1", "en"} */
    public static InitConnectionParams defaults() {
        return new InitConnectionParams("mtflux", System.getProperty("os.name", "JVM") + " "
            + System.getProperty("os.version", ""), "0.1", "en", "en");
    }
}

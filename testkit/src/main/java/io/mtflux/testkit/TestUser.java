package io.mtflux.testkit;

import java.util.Objects;

/**
 * A user account to seed into a cluster: a phone number plus optional names, username, home DC, 2FA password
 * (with hint) and a fixed login code. Immutable; every {@code with}-style method returns a copy. {@link #toString()}
 * hides the password.
 *
 * <pre>{@code TestUser.of("+1 555 000 1111").dc(2).name("Ann", "Lee").password("hunter2", "pet")}</pre>
 */
public final class TestUser {
    private final String phone;
    private final String firstName;
    private final String lastName;
    private final String username;
    private final int dc;
    private final String password;
    private final String hint;
    private final String code;

    private TestUser(String phone, String firstName, String lastName, String username, int dc, String password,
                     String hint, String code) {
        this.phone = Objects.requireNonNull(phone, "phone");
        this.firstName = firstName;
        this.lastName = lastName;
        this.username = username;
        this.dc = dc;
        this.password = password;
        this.hint = hint;
        this.code = code;
    }

    /**
     * A user with this phone (spaces, dashes, parentheses and a leading {@code +} are ignored), named "Test User",
     * living on the DC the cluster assigns.
     *
     * @param phone the phone number
     * @return the user
     */
    public static TestUser of(String phone) {
        return new TestUser(phone, "Test", "User", null, 0, null, null, null);
    }

    /**
     * @param value the home DC (0: the cluster assigns one)
     * @return a copy with that home DC
     */
    public TestUser dc(int value) {
        return new TestUser(phone, firstName, lastName, username, value, password, hint, code);
    }

    /**
     * @param first the first name
     * @param last the last name (may be empty)
     * @return a copy with those names
     */
    public TestUser name(String first, String last) {
        return new TestUser(phone, first, last, username, dc, password, hint, code);
    }

    /**
     * @param value the username, without {@code @}
     * @return a copy with that username
     */
    public TestUser username(String value) {
        return new TestUser(phone, firstName, lastName, value, dc, password, hint, code);
    }

    /**
     * @param value the 2FA password
     * @param passwordHint its hint (may be null)
     * @return a copy with 2FA enabled
     */
    public TestUser password(String value, String passwordHint) {
        return new TestUser(phone, firstName, lastName, username, dc, value, passwordHint, code);
    }

    /**
     * @param value the login code every {@code auth.sendCode} for this user produces (default: random)
     * @return a copy with a fixed code
     */
    public TestUser code(String value) {
        return new TestUser(phone, firstName, lastName, username, dc, password, hint, value);
    }

    /**
     * {@return the phone number as given}
     */
    public String phone() {
        return phone;
    }

    /**
     * {@return the first name}
     */
    public String firstName() {
        return firstName;
    }

    /**
     * {@return the last name}
     */
    public String lastName() {
        return lastName;
    }

    /**
     * {@return the username, or null}
     */
    public String username() {
        return username;
    }

    /** @return the home DC, 0 when the cluster assigns it */
    public int dc() {
        return dc;
    }

    /** @return the 2FA password, or null */
    public String password() {
        return password;
    }

    /**
     * {@return the 2FA password hint, or null}
     */
    public String hint() {
        return hint;
    }

    /** @return the fixed login code, or null */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "TestUser{phone=" + phone + ", dc=" + dc + ", 2fa=" + (password != null) + "}";
    }
}

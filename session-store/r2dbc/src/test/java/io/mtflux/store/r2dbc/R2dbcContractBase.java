package io.mtflux.store.r2dbc;

import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.store.contract.SessionStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The contract kit on an R2DBC database; subclasses name the URL and a JDBC view of the same rows. */
abstract class R2dbcContractBase extends SessionStoreContract {

    /** The R2DBC URL of the database under test. */
    protected abstract String url();

    /** A JDBC connection to the same database (closed by the caller). */
    protected abstract Connection jdbc() throws SQLException;

    /** The cipher of the stores under test (null: keys stored as they are). */
    protected AuthKeyCipher cipher() {
        return null;
    }

    @Override
    protected SessionStore newStore() {
        return R2dbcSessionStore.connect(url(), cipher()).block();
    }

    @Override
    protected SessionStore sameBackend(SessionStore first) {
        return newStore();
    }

    @Override
    protected void closeStore(SessionStore s) {
        ((R2dbcSessionStore) s).close().block();
    }

    @Override
    protected void corrupt(SessionStore s, String accountId) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement("UPDATE mtflux_dc SET auth_key = ?"
            + " WHERE account_id = ? AND dc_id = (SELECT MIN(dc_id) FROM mtflux_dc WHERE account_id = ?)")) {
            st.setBytes(1, new byte[] {1, 2, 3});
            st.setString(2, accountId);
            st.setString(3, accountId);
            if (st.executeUpdate() != 1) {
                throw new AssertionError("no DC row to corrupt");
            }
        }
    }

    @Override
    protected Object rawStoredData(SessionStore s, String accountId) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = jdbc()) {
            rows.addAll(rows(c, "SELECT * FROM mtflux_account WHERE account_id = ?", accountId));
            rows.addAll(rows(c, "SELECT * FROM mtflux_dc WHERE account_id = ? ORDER BY dc_id", accountId));
        }
        return rows;
    }

    private static List<List<Object>> rows(Connection c, String sql, String accountId) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, accountId);
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : v);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}

package dev.depot.auth.consistency;

import dev.depot.common.consistency.ConsistencyCheck;
import dev.depot.common.consistency.ConsistencyChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The invariants of auth-service's data: one usable refresh token per login, one account per address. */
@ApplicationScoped
public class AuthConsistency implements ConsistencyChecks {

    static final List<ConsistencyCheck> SQL = List.of(
            new ConsistencyCheck(
                    "login_tokens",
                    "logins (refresh-token families) with more than one usable token",
                    "SELECT family_id::text FROM refresh_token WHERE used_at IS NULL AND revoked_at IS NULL "
                            + "AND expires_at > now() GROUP BY family_id HAVING count(*) > 1"),
            new ConsistencyCheck(
                    "account_logins",
                    "email addresses or usernames held by more than one account",
                    "SELECT lower(email) FROM app_user GROUP BY lower(email) HAVING count(*) > 1 "
                            + "UNION ALL SELECT lower(username) FROM app_user GROUP BY lower(username) HAVING count(*) > 1"));

    @Override
    public List<ConsistencyCheck> sqlChecks() {
        return SQL;
    }
}

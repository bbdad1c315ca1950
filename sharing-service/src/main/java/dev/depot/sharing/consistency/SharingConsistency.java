package dev.depot.sharing.consistency;

import dev.depot.common.consistency.ConsistencyCheck;
import dev.depot.common.consistency.ConsistencyChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The invariants of sharing-service's data: what makes a link a link, a grant a grant, a limit a limit. */
@ApplicationScoped
public class SharingConsistency implements ConsistencyChecks {

    static final List<ConsistencyCheck> SQL = List.of(
            new ConsistencyCheck(
                    "share_kinds",
                    "shares that are neither exactly a public link with a token nor a grant to one user",
                    "SELECT id::text FROM share WHERE revoked_at IS NULL AND ("
                            + "(is_public AND (public_token_hash IS NULL OR shared_with_user_id IS NOT NULL)) "
                            + "OR (NOT is_public AND (shared_with_user_id IS NULL OR public_token_hash IS NOT NULL)))"),
            new ConsistencyCheck(
                    "revoked_tokens",
                    "revoked links that still hold a token",
                    "SELECT id::text FROM share WHERE revoked_at IS NOT NULL AND public_token_hash IS NOT NULL"),
            new ConsistencyCheck(
                    "download_limits",
                    "links counted past their download limit, or below zero",
                    "SELECT id || ' ' || download_count || '/' || coalesce(download_limit::text, '-') FROM share "
                            + "WHERE download_count < 0 OR download_count > download_limit"),
            new ConsistencyCheck(
                    "provenance",
                    "shares in force that were made through a grant no longer in force as admin",
                    "SELECT s.id::text FROM share s JOIN share g ON g.id = s.granted_via WHERE s.revoked_at IS NULL "
                            + "AND (g.revoked_at IS NOT NULL OR g.permission_level <> 'admin')"),
            new ConsistencyCheck(
                    "made_by_strangers",
                    "shares made by someone who is neither the resource's owner nor "
                            + "recorded as sharing through a grant",
                    "SELECT id::text FROM share WHERE owner_id <> resource_owner_id AND granted_via IS NULL"),
            new ConsistencyCheck(
                    "self_grants",
                    "grants to the user who made them",
                    "SELECT id::text FROM share WHERE revoked_at IS NULL AND shared_with_user_id = owner_id"));

    @Override
    public List<ConsistencyCheck> sqlChecks() {
        return SQL;
    }
}

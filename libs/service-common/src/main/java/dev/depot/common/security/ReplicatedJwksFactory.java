package dev.depot.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies access tokens against auth-service's keys fetched from whichever of its replicas answers.
 *
 * <p>smallrye-jwt takes one key location. With replicas, {@code DEPOT_JWKS_URL} lists every
 * auth-service replica's JWKS address (comma-separated); each address gets a smallrye parser of its
 * own, so each keeps its own key cache and refresh. A token is verified through the address that
 * answered last; when that one cannot give a key for the token (its replica is down, or does not know
 * the key id), the next is asked. A token whose key was found but whose signature or claims are wrong
 * is refused at once: another replica's copy of the same keys would refuse it too.
 *
 * <p>One location (every test, auth-service's own file) goes to smallrye's factory unchanged.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ReplicatedJwksFactory extends JWTCallerPrincipalFactory {

    private static final Logger LOG = Logger.getLogger(ReplicatedJwksFactory.class);

    private final DefaultJWTCallerPrincipalFactory single = new DefaultJWTCallerPrincipalFactory();
    private final Map<String, DefaultJWTCallerPrincipalFactory> perLocation = new ConcurrentHashMap<>();
    /** The index of the address that answered last: asked first next time. */
    private volatile int preferred;

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        List<String> locations = locations(context.getPublicKeyLocation());
        if (locations.size() < 2) {
            return single.parse(token, context);
        }
        int first = preferred;
        ParseException last = null;
        for (int i = 0; i < locations.size(); i++) {
            int index = (first + i) % locations.size();
            String location = locations.get(index);
            JWTAuthContextInfo own = new JWTAuthContextInfo(context);
            own.setPublicKeyLocation(location);
            try {
                JWTCallerPrincipal principal = perLocation
                        .computeIfAbsent(location, l -> new DefaultJWTCallerPrincipalFactory())
                        .parse(token, own);
                preferred = index;
                return principal;
            } catch (ParseException e) {
                if (!noKey(e)) {
                    throw e;
                }
                LOG.debugf("no key for a token from %s (%s): trying the next address", location, e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    /** The comma-separated key locations (blank ones dropped). */
    static List<String> locations(String location) {
        if (location == null) {
            return List.of();
        }
        return Arrays.stream(location.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Whether the failure was finding a key (unreachable JWKS, unknown key id), not a bad token. */
    static boolean noKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

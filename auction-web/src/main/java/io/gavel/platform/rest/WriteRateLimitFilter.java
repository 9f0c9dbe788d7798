package io.gavel.platform.rest;

import io.gavel.platform.control.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Rate limits on writes (every method but GET, HEAD and OPTIONS), per node, before the request is
 * authorised or parsed, so a flood costs neither a lock nor a write:
 *
 * <ul>
 *   <li>per client address ({@link ClientAddress}), all writes including bids: {@code
 *       gavel.rate.address.burst} (default 300) refilled at {@code gavel.rate.address.per-second}
 *       (100). Addresses in {@code gavel.rate.unlimited-addresses} are exempt.
 *   <li>per signed-in user, writes other than bidding commands (which have their own, higher
 *       limit in the bid pipeline, for REST and WebSocket alike): {@code gavel.rate.user.burst}
 *       (30) refilled at {@code gavel.rate.user.per-second} (10).
 * </ul>
 *
 * A request over a limit gets {@code 429 RATE_LIMITED} with {@code Retry-After}. Refusals are not
 * audited (that would let a flood write to the audit log).
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class WriteRateLimitFilter implements ContainerRequestFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** Bidding commands: limited per bidder by the bid pipeline. */
  private static final Pattern BIDDING = Pattern.compile("/?auctions/[^/]+/(bids|proxy|accept)/?");

  private static final Config CONFIG = ConfigProvider.getConfig();
  private static final RateLimiter PER_ADDRESS =
      new RateLimiter(setting("gavel.rate.address.per-second", 100), (long) setting("gavel.rate.address.burst", 300));
  private static final RateLimiter PER_USER =
      new RateLimiter(setting("gavel.rate.user.per-second", 10), (long) setting("gavel.rate.user.burst", 30));
  private static final Set<String> UNLIMITED = ClientAddress.listed("gavel.rate.unlimited-addresses");

  @Context HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext context) {
    if (READS.contains(context.getMethod())) {
      return;
    }
    long now = System.nanoTime();
    String address = ClientAddress.of(request);
    if (!UNLIMITED.contains(address)) {
      long wait = PER_ADDRESS.admit(address, now);
      if (wait > 0) {
        context.abortWith(limited(wait, "from one address", PER_ADDRESS));
        return;
      }
    }
    Principal user = context.getSecurityContext().getUserPrincipal();
    if (user != null && !BIDDING.matcher(context.getUriInfo().getPath()).matches()) {
      String key = user instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject() : user.getName();
      long wait = PER_USER.admit(key, now);
      if (wait > 0) {
        context.abortWith(limited(wait, "by one user", PER_USER));
      }
    }
  }

  private static Response limited(long seconds, String scope, RateLimiter limiter) {
    return Response.fromResponse(
            Problem.response(
                429,
                "RATE_LIMITED",
                "too many writes " + scope + "; at most " + limiter.perSecond() + " per second (bursts of "
                    + limiter.burst() + ")",
                Map.of("retryAfterSeconds", seconds)))
        .header("Retry-After", String.valueOf(seconds))
        .build();
  }

  private static double setting(String name, double fallback) {
    return CONFIG.getOptionalValue(name, Double.class).orElse(fallback);
  }
}

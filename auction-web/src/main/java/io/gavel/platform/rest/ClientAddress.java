package io.gavel.platform.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The address of the client behind a request. Behind a reverse proxy or load balancer the socket's
 * peer is the proxy, so when the peer is one of {@code gavel.http.trusted-proxies} (comma-separated
 * addresses; none by default) the address is taken from {@code X-Forwarded-For}: the right-most
 * entry that is not itself a trusted proxy. A client that is not a trusted proxy cannot choose its
 * address by sending the header.
 */
public final class ClientAddress {

  private static final Set<String> TRUSTED_PROXIES = listed("gavel.http.trusted-proxies");

  private ClientAddress() {}

  /** The comma-separated addresses of configuration key {@code key}; none when unset. */
  public static Set<String> listed(String key) {
    return Arrays.stream(
            ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse("").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public static String of(HttpServletRequest request) {
    return of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), TRUSTED_PROXIES);
  }

  static String of(String peer, String forwardedFor, Set<String> trustedProxies) {
    if (forwardedFor == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > 64 ? hop.substring(0, 64) : hop;
      }
    }
    return peer;
  }
}

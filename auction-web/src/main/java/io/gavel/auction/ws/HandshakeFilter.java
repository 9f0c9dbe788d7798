package io.gavel.auction.ws;

import io.gavel.platform.rest.ClientAddress;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Authenticates the WebSocket handshake before the upgrade: a token from the {@code
 * access_token} query parameter or from {@code Sec-WebSocket-Protocol: bearer, <token>} is
 * verified and becomes the request's principal. No token means an anonymous watcher. A bad one
 * (invalid, expired, for another audience) still gets its socket, as {@link RefusedToken}, and
 * {@link AuctionsEndpoint} answers it with the contract's {@code error UNAUTHORIZED} and closes
 * it: a browser cannot see why a handshake failed, but it can read that message.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

  static final int MESSAGE_BUFFER_BYTES = 1024;

  @Inject TokenVerifier verifier;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // The socket keeps the response's output buffer, and the server allocates a fresh one of this
    // size for every message written: our messages are well under 1 KiB, the default is 8 KiB.
    response.setBufferSize(MESSAGE_BUFFER_BYTES);
    String token = token(request);
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    VerifiedToken verified = verifier.verify(token);
    Principal principal =
        verified == null
            ? RefusedToken.INSTANCE
            : verified.from(ClientAddress.of(request), request.getHeader("User-Agent"));
    chain.doFilter(new Authenticated(request, principal), response);
  }

  static String token(HttpServletRequest request) {
    String query = request.getParameter("access_token");
    if (query != null && !query.isBlank()) {
      return query;
    }
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      String[] parts = protocols.split(",");
      if (parts.length >= 2 && parts[0].trim().equalsIgnoreCase("bearer")) {
        return parts[1].trim();
      }
    }
    return null;
  }

  /** The principal of a handshake whose token was not accepted: nobody, with no role. */
  enum RefusedToken implements Principal {
    INSTANCE;

    @Override
    public String getName() {
      return "";
    }
  }

  /** The handshake request as the verified user, or as {@link RefusedToken}. */
  static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal principal;

    Authenticated(HttpServletRequest request, Principal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal instanceof VerifiedToken token ? token.username() : null;
    }

    @Override
    public boolean isUserInRole(String role) {
      return principal instanceof VerifiedToken token && token.groups().contains(role);
    }
  }
}

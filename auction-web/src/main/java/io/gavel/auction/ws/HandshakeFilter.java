package io.gavel.auction.ws;

import io.gavel.platform.rest.ClientAddress;
import io.gavel.platform.rest.Problem;
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
import java.util.Map;

/**
 * Authenticates the WebSocket handshake before the upgrade: a token from the {@code
 * access_token} query parameter or from {@code Sec-WebSocket-Protocol: bearer, <token>} is
 * verified and becomes the request's principal. No token means an anonymous watcher; a bad token
 * is a real HTTP 401, so a client never gets a socket it cannot use.
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
    if (verified == null) {
      response.setStatus(401);
      response.setContentType(Problem.MEDIA_TYPE);
      response
          .getWriter()
          .write(
              Problem.body(401, "UNAUTHORIZED", "invalid or expired access token", Map.of())
                  .toString());
      return;
    }
    chain.doFilter(
        new Authenticated(request, verified.from(ClientAddress.of(request), request.getHeader("User-Agent"))),
        response);
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

  /** The handshake request as the verified user. */
  static final class Authenticated extends HttpServletRequestWrapper {
    private final VerifiedToken token;

    Authenticated(HttpServletRequest request, VerifiedToken token) {
      super(request);
      this.token = token;
    }

    @Override
    public Principal getUserPrincipal() {
      return token;
    }

    @Override
    public String getRemoteUser() {
      return token.username();
    }

    @Override
    public boolean isUserInRole(String role) {
      return token.groups().contains(role);
    }
  }
}

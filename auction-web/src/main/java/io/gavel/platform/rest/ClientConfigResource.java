package io.gavel.platform.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /client-config}: what a browser client needs to sign in, namely the identity provider's
 * issuer and the public client to use (authorization code with PKCE). The bidder page reads it.
 */
@ApplicationScoped
@Path("client-config")
@Produces(MediaType.APPLICATION_JSON)
public class ClientConfigResource {

  /** The sign-in settings of browser clients. */
  public record ClientConfig(String issuer, String clientId) {}

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  String issuer;

  @Inject
  @ConfigProperty(name = "auction.web.client-id", defaultValue = "auction-web")
  String clientId;

  @GET
  @PermitAll
  public ClientConfig config() {
    return new ClientConfig(issuer, clientId);
  }
}

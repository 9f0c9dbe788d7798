package io.gavel.console.faces;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Staff sign in to the console through the house's Keycloak (OpenID Connect authorization code
 * flow, confidential client {@code auction-console}). Realm roles arrive in the {@code groups}
 * claim. The console holds no business logic: it calls the REST API with the signed-in staff
 * member's access token, so authorisation is enforced once, in the API.
 *
 * <p>{@code redirectToOriginalResource=false}: with true, Payara's first JSF request after the
 * callback fails; the callback servlet sends the user to the console's start page instead.
 */
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${consoleSecurity.providerUri}",
    clientId = "${consoleSecurity.clientId}",
    clientSecret = "${consoleSecurity.clientSecret}",
    redirectURI = "${baseURL}/Callback",
    redirectToOriginalResource = false,
    scope = {"openid", "profile", "email"},
    claimsDefinition =
        @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
@DeclareRoles({"staff", "admin"})
@Named("consoleSecurity")
@ApplicationScoped
public class ConsoleSecurity {

  @Inject
  @ConfigProperty(
      name = "auction.oidc.provider-uri",
      defaultValue = "http://localhost:8180/realms/auction")
  String providerUri;

  @Inject
  @ConfigProperty(name = "auction.console.client-id", defaultValue = "auction-console")
  String clientId;

  /** Development default only; production sets AUCTION_CONSOLE_CLIENT_SECRET. */
  @Inject
  @ConfigProperty(
      name = "auction.console.client-secret",
      defaultValue = "auction-console-dev-secret")
  String clientSecret;

  public String getProviderUri() {
    return providerUri;
  }

  public String getClientId() {
    return clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }
}

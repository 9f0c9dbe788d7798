package io.gavel.auction.rest;

import io.gavel.auction.boundary.AuctionView;
import io.gavel.auction.boundary.Auctions;
import io.gavel.auction.boundary.NewAuction;
import io.gavel.auction.boundary.Revision;
import io.gavel.auction.entity.DutchClock;
import io.gavel.auction.entity.AuctionType;
import io.gavel.auction.entity.IncrementPolicy;
import io.gavel.auction.entity.Money;
import io.gavel.auction.entity.SoftClose;
import io.gavel.catalogue.entity.KycRule;
import io.gavel.platform.entity.Refusal;
import io.gavel.platform.rest.Callers;
import io.gavel.platform.rest.PathIds;
import io.gavel.platform.rest.RequestJson;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;

/** {@code /auctions}: listing and reading auctions. */
@ApplicationScoped
@Path("auctions")
@Produces(MediaType.APPLICATION_JSON)
public class AuctionsResource {

  private static final Set<String> FIELDS =
      Set.of(
          "title", "description", "categoryId", "type", "currency", "startingPrice",
          "reservePrice", "increment", "startsAt", "endsAt", "softClose", "item", "dutch",
          "kycLevelToBid", "kycThreshold");

  private static final Set<String> REVISABLE =
      Set.of("title", "description", "item", "startingPrice", "reservePrice", "startsAt", "endsAt");

  @Inject Auctions auctions;

  @Context SecurityContext security;
  @Context HttpServletRequest request;
  @Context UriInfo uri;

  @POST
  @RolesAllowed("seller")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    var caller = Callers.required(security, request);
    AuctionView created = auctions.create(caller, read(RequestJson.parse(body, FIELDS)));
    return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  @PermitAll
  public AuctionView find(@PathParam("id") String id) {
    long auctionId = parseId(id);
    return auctions
        .find(auctionId, Callers.of(security, request))
        .orElseThrow(() -> Refusal.notFound("auction " + id));
  }

  /** Cancels the auction: its seller while nobody has bid, staff always. */
  @POST
  @Path("{id}/cancel")
  @RolesAllowed({"seller", "staff", "admin"})
  public AuctionView cancel(@PathParam("id") String id) {
    return auctions.cancel(Callers.required(security, request), parseId(id));
  }

  /**
   * Changes a listing: {@code title}, {@code description}, {@code item} (text), and while the
   * auction is scheduled also {@code startingPrice}, {@code reservePrice}, {@code startsAt} and
   * {@code endsAt}.
   */
  @PATCH
  @Path("{id}")
  @RolesAllowed({"seller", "staff", "admin"})
  @Consumes(MediaType.APPLICATION_JSON)
  public AuctionView revise(@PathParam("id") String id, String body) {
    var caller = Callers.required(security, request);
    long auctionId = parseId(id);
    AuctionView current =
        auctions.find(auctionId, caller).orElseThrow(() -> Refusal.notFound("auction " + id));
    Currency currency = Currency.getInstance(current.currency());
    RequestJson json = RequestJson.parse(body, REVISABLE);
    String description = json.string("description", false);
    if (description != null && description.length() > 20_000) {
      throw Refusal.invalid("INVALID_FIELD", "'description' is limited to 20000 characters");
    }
    return auctions.revise(
        caller,
        auctionId,
        new Revision(
            json.has("title") ? json.text("title", true, 200) : null,
            description,
            item(json),
            money(json, "startingPrice", currency, false),
            money(json, "reservePrice", currency, false),
            json.instant("startsAt", false),
            json.instant("endsAt", false)));
  }

  /** An auction id from the path; anything but a positive number cannot exist. */
  public static long parseId(String id) {
    return PathIds.of(id, "auction");
  }

  static NewAuction read(RequestJson json) {
    String title = json.text("title", true, 200);
    String description = json.string("description", false);
    if (description != null && description.length() > 20_000) {
      throw Refusal.invalid("INVALID_FIELD", "'description' is limited to 20000 characters");
    }
    long categoryId = json.id("categoryId", true);
    AuctionType type = json.enumValue("type", AuctionType.class, true);
    Currency currency = currency(json.string("currency", true));
    DutchClock dutch = type == AuctionType.DUTCH ? dutch(json, currency) : null;
    Money starting = money(json, "startingPrice", currency, dutch == null);
    if (starting == null) {
      starting = dutch.startPrice();
    }
    Money reserve = money(json, "reservePrice", currency, false);
    IncrementPolicy increment = increment(json.object("increment", Set.of("kind", "amount", "steps")), currency);
    var softCloseJson =
        json.object("softClose", Set.of("windowSeconds", "extensionSeconds", "maxExtensions"));
    SoftClose softClose = null;
    if (softCloseJson != null) {
      softClose =
          new SoftClose(
              softCloseJson.integer("windowSeconds", true, 1, 86_400),
              softCloseJson.integer("extensionSeconds", true, 1, 86_400),
              softCloseJson.integer("maxExtensions", true, 0, 10_000));
    }
    String itemJson = item(json);
    JsonValue dutchJson = json.raw("dutch");
    if (dutchJson != null && dutchJson.getValueType() != JsonValue.ValueType.NULL && type != AuctionType.DUTCH) {
      throw Refusal.invalid("INVALID_DUTCH", "'dutch' is only for DUTCH auctions");
    }
    return new NewAuction(
        title,
        description,
        categoryId,
        type,
        starting,
        reserve,
        increment,
        json.instant("startsAt", false),
        json.instant("endsAt", true),
        softClose,
        dutch,
        itemJson,
        kycRule(json, currency));
  }

  /**
   * The listing's own KYC rule for bidders (an extension): {@code kycLevelToBid} with an optional
   * {@code kycThreshold}; null when the listing takes its category's rule.
   */
  private static KycRule kycRule(RequestJson json, Currency currency) {
    String level = json.string("kycLevelToBid", false);
    Money threshold = money(json, "kycThreshold", currency, false);
    if (level == null) {
      if (threshold != null) {
        throw Refusal.invalid("INVALID_KYC_RULE", "'kycThreshold' needs 'kycLevelToBid'");
      }
      return null;
    }
    if (KycRule.rank(level) < 0) {
      throw Refusal.invalid("INVALID_KYC_RULE", "'kycLevelToBid' must be one of " + KycRule.LEVELS);
    }
    return new KycRule(level, threshold == null ? null : threshold.amount());
  }

  private static String item(RequestJson json) {
    JsonValue item = json.raw("item");
    if (item == null || item.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (item.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Refusal.invalid("INVALID_FIELD", "'item' must be an object");
    }
    return item.toString();
  }

  private static DutchClock dutch(RequestJson json, Currency currency) {
    RequestJson dutch =
        json.object("dutch", Set.of("startPrice", "floorPrice", "decrement", "intervalSeconds"));
    if (dutch == null) {
      throw Refusal.invalid("INVALID_DUTCH", "DUTCH auctions need 'dutch' parameters");
    }
    Money start = money(dutch, "startPrice", currency, true);
    Money floor = money(dutch, "floorPrice", currency, true);
    Money decrement = money(dutch, "decrement", currency, true);
    int interval = dutch.integer("intervalSeconds", true, 1, 86_400);
    try {
      return new DutchClock(start, floor, decrement, interval);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("INVALID_DUTCH", e.getMessage());
    }
  }

  private static Currency currency(String code) {
    try {
      Currency currency = Currency.getInstance(code);
      if (currency.getDefaultFractionDigits() < 0) {
        throw new IllegalArgumentException(code);
      }
      return currency;
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("INVALID_CURRENCY", "'currency' must be an ISO 4217 code such as EUR");
    }
  }

  private static Money money(RequestJson json, String name, Currency currency, boolean required) {
    String text = json.string(name, required);
    if (text == null) {
      return null;
    }
    try {
      return Money.parse(text, currency);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("INVALID_AMOUNT", "'" + json.path() + name + "': " + e.getMessage());
    }
  }

  private static IncrementPolicy increment(RequestJson json, Currency currency) {
    if (json == null) {
      return IncrementPolicy.table();
    }
    IncrementPolicy.Kind kind = json.enumValue("kind", IncrementPolicy.Kind.class, true);
    try {
      return switch (kind) {
        case TABLE -> IncrementPolicy.table();
        case FIXED -> IncrementPolicy.fixed(positive(money(json, "amount", currency, true)).amount());
        case CUSTOM -> IncrementPolicy.custom(steps(json, currency));
      };
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid("INVALID_INCREMENT", e.getMessage());
    }
  }

  private static Money positive(Money m) {
    if (m.amount().signum() <= 0) {
      throw new IllegalArgumentException("an increment must be positive");
    }
    return m;
  }

  private static List<IncrementPolicy.Step> steps(RequestJson json, Currency currency) {
    JsonValue raw = json.raw("steps");
    if (raw == null || raw.getValueType() != JsonValue.ValueType.ARRAY || raw.asJsonArray().isEmpty()) {
      throw Refusal.invalid("INVALID_INCREMENT", "CUSTOM increments need a non-empty 'steps' array");
    }
    if (raw.asJsonArray().size() > 100) {
      throw Refusal.invalid("INVALID_INCREMENT", "at most 100 increment steps");
    }
    List<IncrementPolicy.Step> steps = new ArrayList<>();
    for (JsonValue v : raw.asJsonArray()) {
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw Refusal.invalid("INVALID_INCREMENT", "every step is an object {from, amount}");
      }
      RequestJson step =
          RequestJson.parse(v.toString(), Set.of("from", "amount"));
      BigDecimal from = money(step, "from", currency, true).amount();
      BigDecimal amount = positive(money(step, "amount", currency, true)).amount();
      steps.add(new IncrementPolicy.Step(from, amount));
    }
    return steps;
  }
}

package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The KYC workflow end to end with real Keycloak users: a bidder refused above the verification
 * threshold submits documents, staff approve, and the same bid succeeds; sellers need verification
 * to list expensive lots; every step is in the audit log.
 */
class KycIT {

  private final Api api = Api.node(0);

  @Test
  void afterStaffApproveTheVerificationTheRefusedBidAndListingSucceed() throws Exception {
    String name = "kyc" + System.nanoTime();
    Tokens.createUser(name, "bidder", "seller");
    String me = api.get("me", name).json().getString("id");

    // Paintings (2): bids of 10,000.00 or more need VERIFIED
    String auction = api.createAuction("sam", "2", "100.00", Duration.ofHours(1));
    String bids = "auctions/" + auction + "/bids";
    Api.Reply refusedBid = api.post(bids, name, "{\"amount\":\"10000.00\"}");
    assertThat(refusedBid.status()).as(refusedBid.body()).isEqualTo(403);
    assertThat(refusedBid.json().getString("code")).isEqualTo("KYC_REQUIRED");
    // Art (1): lots priced from 5,000.00 on need a verified seller
    Api.Reply refusedListing = api.post("auctions", name, listing("1", "6000.00"));
    assertThat(refusedListing.status()).as(refusedListing.body()).isEqualTo(403);
    assertThat(refusedListing.json().getString("code")).isEqualTo("SELLER_VERIFICATION_REQUIRED");
    // Watches & Jewellery (5): sellers need BASIC at all
    Api.Reply watches = api.post("auctions", name, listing("5", "100.00"));
    assertThat(watches.status()).as(watches.body()).isEqualTo(403);
    assertThat(watches.json().getString("code")).isEqualTo("KYC_REQUIRED");

    // a 3 MB scan, far beyond the 64 KiB limit of JSON bodies
    byte[] passport = randomBytes(3_000_000);
    byte[] utilityBill = randomBytes(20_000);
    Api.Reply incomplete =
        api.post("me/verification", name, request("VERIFIED", true, document("PASSPORT", "passport.pdf", passport)));
    assertThat(incomplete.status()).as(incomplete.body()).isEqualTo(422);
    assertThat(incomplete.json().getString("code")).isEqualTo("INVALID_VERIFICATION");
    assertThat(api.get("me/verification", name).status()).isEqualTo(404);

    Api.Reply submitted =
        api.post(
            "me/verification",
            name,
            request(
                "VERIFIED",
                true,
                document("PASSPORT", "passport.pdf", passport),
                document("PROOF_OF_ADDRESS", "bill.png", utilityBill)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    JsonObject verification = submitted.json();
    String id = verification.getString("id");
    assertThat(verification.getString("status")).isEqualTo("AWAITING_DOCUMENTS");
    assertThat(verification.getJsonArray("documents")).hasSize(2);
    Api.Reply twice =
        api.post("me/verification", name, request("BASIC", false, document("ID_CARD", "id.pdf", passport)));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().getString("code")).isEqualTo("VERIFICATION_OPEN");

    String documents = "me/verification/" + id + "/documents/";
    Api.Reply tampered = api.putBytes(documents + "1", name, randomBytes(3_000_000), "application/pdf");
    assertThat(tampered.status()).as(tampered.body()).isEqualTo(422);
    assertThat(tampered.json().getString("code")).isEqualTo("DOCUMENT_MISMATCH");
    assertThat(api.putBytes(documents + "1", "carol", passport, "application/pdf").status())
        .as("someone else's request does not exist for them").isEqualTo(404);
    Api.Reply first = api.putBytes(documents + "1", name, passport, "application/pdf");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getString("status")).isEqualTo("AWAITING_DOCUMENTS");
    assertThat(api.get("verifications/" + id + "/documents/2", "stella").status()).isEqualTo(409);
    Api.Reply complete = api.putBytes(documents + "2", name, utilityBill, "image/png");
    assertThat(complete.status()).as(complete.body()).isEqualTo(200);
    assertThat(complete.json().getString("status")).isEqualTo("PENDING");
    assertThat(api.putBytes(documents + "2", name, utilityBill, "image/png").status()).isEqualTo(409);

    // the files are outside the database, named by their checksum, intact
    Path stored = SharedPlatform.get().home().resolve("kyc-documents").resolve(id);
    assertThat(Files.readAllBytes(stored.resolve("1-" + sha256(passport)))).isEqualTo(passport);
    assertThat(Files.readAllBytes(stored.resolve("2-" + sha256(utilityBill)))).isEqualTo(utilityBill);

    // only staff decide, and only with a reason to reject
    assertThat(api.post("verifications/" + id + "/approve", name, "{}").status()).isEqualTo(403);
    assertThat(api.get("verifications?status=PENDING&size=100", "stella").body()).contains("\"id\":\"" + id + "\"");
    var download = api.getBytes("verifications/" + id + "/documents/1", "stella");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(passport);
    assertThat(download.headers().firstValue("X-Content-SHA256")).contains(sha256(passport));
    Api.Reply noReason = api.post("verifications/" + id + "/reject", "stella", "{}");
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().getString("code")).isEqualTo("MISSING_FIELD");
    Api.Reply approved =
        api.post("verifications/" + id + "/approve", "stella", "{\"reason\":\"passport and bill checked\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("APPROVED");
    assertThat(api.post("verifications/" + id + "/approve", "adam", "{}").json().getString("code"))
        .isEqualTo("VERIFICATION_NOT_PENDING");

    JsonObject profile = api.get("me", name).json();
    assertThat(profile.getString("kycLevel")).isEqualTo("VERIFIED");
    assertThat(profile.getBoolean("sellerVerified")).isTrue();
    Api.Reply acceptedBid = api.post(bids, name, "{\"amount\":\"10000.00\"}");
    assertThat(acceptedBid.status()).as(acceptedBid.body()).isEqualTo(201);
    Api.Reply acceptedListing = api.post("auctions", name, listing("1", "6000.00"));
    assertThat(acceptedListing.status()).as(acceptedListing.body()).isEqualTo(201);

    List<String> trail = auditTrail(me);
    assertThat(trail)
        .containsSubsequence(
            "user.created CREATED " + me,
            "bid.rejected KYC_REQUIRED " + me,
            "auction.create SELLER_VERIFICATION_REQUIRED " + me,
            "auction.create KYC_REQUIRED " + me,
            "kyc.submitted AWAITING_DOCUMENTS " + me,
            "kyc.document.uploaded DOCUMENT_MISMATCH " + me,
            "kyc.document.uploaded AWAITING_DOCUMENTS " + me,
            "kyc.document.uploaded PENDING " + me,
            "kyc.document.read READ stella",
            "kyc.approved APPROVED stella",
            "auction.create CREATED " + me);
  }

  @Test
  void aRejectionTellsTheUserWhyAndTheyMayApplyAgainButNobodyDecidesTheirOwn() throws Exception {
    String name = "kycstaff" + System.nanoTime();
    Tokens.createUser(name, "bidder", "staff");
    byte[] card = randomBytes(5_000);
    String id = submitBasic(name, card);

    Api.Reply own = api.post("verifications/" + id + "/approve", name, "{}");
    assertThat(own.status()).as(own.body()).isEqualTo(403);
    assertThat(own.json().getString("code")).isEqualTo("OWN_VERIFICATION");
    Api.Reply rejected =
        api.post("verifications/" + id + "/reject", "stella", "{\"reason\":\"the photo is unreadable\"}");
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");

    JsonObject mine = api.get("me/verification", name).json();
    assertThat(mine.getString("status")).isEqualTo("REJECTED");
    assertThat(mine.getString("reason")).isEqualTo("the photo is unreadable");
    assertThat(mine.containsKey("decidedBy")).as("which staff member decided stays internal").isFalse();
    assertThat(api.get("me", name).json().getString("kycLevel")).isEqualTo("NONE");

    String again = submitBasic(name, randomBytes(6_000));
    assertThat(api.post("verifications/" + again + "/approve", "adam", "{}").status()).isEqualTo(200);
    assertThat(api.get("me", name).json().getString("kycLevel")).isEqualTo("BASIC");
    String me = api.get("me", name).json().getString("id");
    assertThat(auditTrail(me))
        .containsSubsequence(
            "kyc.approved OWN_VERIFICATION " + me,
            "kyc.rejected REJECTED stella",
            "kyc.submitted AWAITING_DOCUMENTS " + me,
            "kyc.approved APPROVED adam");
  }

  @Test
  void anAuctionMayTightenItsCategorysKycRuleButNotLoosenIt() {
    // Vintage Cameras (4) asks nothing; this lot asks BASIC from 50.00
    Api.Reply tightened =
        api.post("auctions", "sam", listing("4", "10.00", ",\"kycLevelToBid\":\"BASIC\",\"kycThreshold\":\"50.00\""));
    assertThat(tightened.status()).as(tightened.body()).isEqualTo(201);
    assertThat(tightened.json().getString("kycLevelToBid")).isEqualTo("BASIC");
    assertThat(tightened.json().getString("kycThreshold")).isEqualTo("50.00");
    String bids = "auctions/" + tightened.json().getString("id") + "/bids";
    Api.Reply above = api.post(bids, "carol", "{\"amount\":\"60.00\"}");
    assertThat(above.status()).isEqualTo(403);
    assertThat(above.json().getString("code")).isEqualTo("KYC_REQUIRED");
    assertThat(api.post(bids, "carol", "{\"amount\":\"40.00\"}").status()).isEqualTo(201);

    // Paintings (2) asks VERIFIED from 10,000.00: a lot may not ask less
    for (String loosened :
        List.of(
            ",\"kycLevelToBid\":\"BASIC\"",
            ",\"kycLevelToBid\":\"VERIFIED\",\"kycThreshold\":\"20000.00\"",
            ",\"kycLevelToBid\":\"PLATINUM\"",
            ",\"kycThreshold\":\"100.00\"")) {
      Api.Reply reply = api.post("auctions", "sam", listing("2", "10.00", loosened));
      assertThat(reply.status()).as(loosened + " " + reply.body()).isEqualTo(422);
      assertThat(reply.json().getString("code")).isEqualTo("INVALID_KYC_RULE");
    }
    Api.Reply stricter =
        api.post("auctions", "sam", listing("2", "10.00", ",\"kycLevelToBid\":\"VERIFIED\",\"kycThreshold\":\"5000.00\""));
    assertThat(stricter.status()).as(stricter.body()).isEqualTo(201);
  }

  private String submitBasic(String user, byte[] card) {
    Api.Reply submitted = api.post("me/verification", user, request("BASIC", false, document("ID_CARD", "card.jpg", card)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String id = submitted.json().getString("id");
    Api.Reply uploaded = api.putBytes("me/verification/" + id + "/documents/1", user, card, "image/jpeg");
    assertThat(uploaded.json().getString("status")).as(uploaded.body()).isEqualTo("PENDING");
    return id;
  }

  /** "action outcome actor-username" of every entry about the user or by them, oldest first. */
  private static List<String> auditTrail(String userId) throws Exception {
    List<String> trail = new ArrayList<>();
    try (var db = SharedPlatform.database();
        var entries =
            db.prepareStatement(
                "SELECT a.action, a.outcome, a.actor_id, u.username, a.client_ip FROM audit_log a"
                    + " LEFT JOIN users u ON u.id = a.actor_id"
                    + " WHERE a.subject = ? OR a.actor_id = ? ORDER BY a.id")) {
      entries.setString(1, "user:" + userId);
      entries.setString(2, userId);
      try (var rows = entries.executeQuery()) {
        while (rows.next()) {
          String actor = userId.equals(rows.getString("actor_id")) ? userId : rows.getString("username");
          assertThat(rows.getString("client_ip")).as("every entry has the client's address").isNotBlank();
          trail.add(rows.getString("action") + " " + rows.getString("outcome") + " " + actor);
        }
      }
    }
    return trail;
  }

  private static String request(String level, boolean seller, JsonObject... documents) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (JsonObject d : documents) {
      list.add(d);
    }
    return Json.createObjectBuilder()
        .add("level", level)
        .add("seller", seller)
        .add("documents", list)
        .build()
        .toString();
  }

  private static JsonObject document(String kind, String fileName, byte[] content) {
    String type = fileName.endsWith(".png") ? "image/png" : fileName.endsWith(".jpg") ? "image/jpeg" : "application/pdf";
    return Json.createObjectBuilder()
        .add("kind", kind)
        .add("fileName", fileName)
        .add("contentType", type)
        .add("size", content.length)
        .add("sha256", sha256(content))
        .build();
  }

  private static String listing(String categoryId, String startingPrice) {
    return listing(categoryId, startingPrice, "");
  }

  private static String listing(String categoryId, String startingPrice, String extra) {
    return "{\"title\":\"KYC lot\",\"categoryId\":\"" + categoryId + "\",\"type\":\"ENGLISH\",\"currency\":\"EUR\","
        + "\"startingPrice\":\"" + startingPrice + "\",\"endsAt\":\""
        + Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"" + extra + "}";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random().nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.gavel.catalogue.rest;

import io.gavel.catalogue.boundary.Categories;
import io.gavel.catalogue.entity.Category;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code /categories}: the category tree with each node's rules. */
@ApplicationScoped
@Path("categories")
@Produces(MediaType.APPLICATION_JSON)
public class CategoriesResource {

  /**
   * One node of the tree as the contract shows it, plus extensions: {@code preauthThreshold} (bids
   * from that amount on need a payment authorisation), {@code kycLevelToSell} (the verification a
   * seller needs to list here) and {@code verifiedSellerThreshold} (listings priced from that
   * amount on need a verified seller). {@code parentId} (a root) and {@code kycThreshold} (no
   * rule) are {@code null} when unset, as the contract shows them.
   */
  public record Node(
      String id,
      String name,
      @JsonbNillable String parentId,
      String commissionRate,
      String kycLevelToBid,
      @JsonbNillable String kycThreshold,
      String preauthThreshold,
      String kycLevelToSell,
      String verifiedSellerThreshold,
      long minDurationSeconds,
      long maxDurationSeconds,
      List<Node> children) {}

  @Inject Categories categories;

  @GET
  @PermitAll
  public List<Node> tree() {
    List<Category> all = categories.all();
    Map<Long, List<Category>> byParent =
        all.stream()
            .filter(c -> c.parentId() != null)
            .collect(Collectors.groupingBy(Category::parentId));
    return all.stream().filter(c -> c.parentId() == null).map(c -> node(c, byParent)).toList();
  }

  private static Node node(Category c, Map<Long, List<Category>> byParent) {
    List<Node> children = new ArrayList<>();
    for (Category child : byParent.getOrDefault(c.id(), List.of())) {
      children.add(node(child, byParent));
    }
    return new Node(
        String.valueOf(c.id()),
        c.name(),
        c.parentId() == null ? null : String.valueOf(c.parentId()),
        c.commissionRate().stripTrailingZeros().scale() < 2
            ? c.commissionRate().setScale(2).toPlainString()
            : c.commissionRate().stripTrailingZeros().toPlainString(),
        c.kycLevelToBid(),
        c.kycThreshold() == null ? null : c.kycThreshold().setScale(2).toPlainString(),
        c.preauthThreshold() == null ? null : c.preauthThreshold().setScale(2).toPlainString(),
        c.kycLevelToSell(),
        c.verifiedSellerThreshold() == null ? null : c.verifiedSellerThreshold().setScale(2).toPlainString(),
        c.minDurationSeconds(),
        c.maxDurationSeconds(),
        children);
  }
}

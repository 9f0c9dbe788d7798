-- A small starting category tree; the house's admins change it through PATCH /categories.
INSERT INTO categories (id, parent_id, name, commission_rate, kyc_level_to_bid, kyc_threshold, min_duration_seconds, max_duration_seconds) VALUES
  (1, NULL, 'Art',                 0.1500, 'NONE', 10000.0000, 60, 2592000),
  (2, 1,    'Paintings',           0.1500, 'VERIFIED', 10000.0000, 60, 2592000),
  (3, NULL, 'Cameras & Optics',    0.1000, 'NONE', 10000.0000, 60, 2592000),
  (4, 3,    'Vintage Cameras',     0.1000, 'NONE', 10000.0000, 60, 2592000),
  (5, NULL, 'Watches & Jewellery', 0.1200, 'BASIC', 5000.0000, 60, 2592000),
  (6, NULL, 'Collectibles',        0.0800, 'NONE', 10000.0000, 1, 2592000);

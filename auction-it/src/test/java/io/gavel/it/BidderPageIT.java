package io.gavel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference bidder page in real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs): sign in through Keycloak, watch a lot, bid,
 * and see another bidder's higher bid arrive as an outbid alert.
 */
class BidderPageIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("gavel.chromium", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getProperty("gavel.chromedriver", "/usr/bin/chromedriver"));

  @Test
  void aBidderSignsInWatchesALotBidsAndIsToldWhenOutbid() {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))
        .as("the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
        .isTrue();
    String id = Api.node(0).createAuction("sam", "4", "10.00", Duration.ofHours(1));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get(SharedPlatform.node(0).resolve("/bidder/index.html?auction=" + id).toString());
      wait.until(ExpectedConditions.textToBe(By.id("price"), "10.00"));

      browser.findElement(By.id("signin")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("alice");
      browser.findElement(By.id("password")).sendKeys("alice-pw");
      browser.findElement(By.id("kc-login")).click();
      wait.until(ExpectedConditions.textToBe(By.id("user"), "alice"));
      wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
      wait.until(ExpectedConditions.textToBe(By.id("next-min"), "10.00"));

      browser.findElement(By.id("bid-button")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bid-result"), "LEADING"));
      wait.until(ExpectedConditions.textToBe(By.id("leader"), "Bidder 1"));

      assertThat(Api.node(1).post("auctions/" + id + "/bids", "bob", "{\"amount\":\"12.00\"}").status())
          .isEqualTo(201);
      wait.until(ExpectedConditions.textToBe(By.id("price"), "12.00"));
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), "You were outbid"));
      assertThat(browser.findElement(By.id("leader")).getText()).isEqualTo("Bidder 2");
      assertThat(browser.findElement(By.id("ends-in")).getText()).matches("0h 5\\dm \\d+s");
    } finally {
      browser.quit();
    }
  }
}

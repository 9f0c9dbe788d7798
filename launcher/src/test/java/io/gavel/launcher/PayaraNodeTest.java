package io.gavel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayaraNodeTest {

  private final PayaraNode node =
      new PayaraNode(
          1, Path.of("/srv/gavel"), Path.of("/opt/dist"), 8092, 5911, List.of(5910, 5911), "gavel-it",
          "768m", Map.of("auction.db.url", "jdbc:mysql://127.0.0.1:3317/auction?a=b&c=d"),
          PayaraNode.brokerParameters("127.0.0.1", 61626, "gavel", "gavel-dev-broker"),
          Duration.ofMinutes(1), () -> false);

  @Test
  void escapesTheAsadminSeparatorsInsideValues() {
    assertThat(PayaraNode.brokerParameters("127.0.0.1", 61626, "gavel", "pa:ss=w\\rd"))
        .isEqualTo("ConnectionParameters=host\\=127.0.0.1;port\\=61626:UserName=gavel:Password=pa\\:ss\\=w\\\\rd");
  }

  @Test
  void configuresTheResourceAdapterBeforeDeployingIt() {
    assertThat(node.postBootCommands())
        .isEqualTo(
            "create-resource-adapter-config --property ConnectionParameters=host\\=127.0.0.1;port\\=61626"
                + ":UserName=gavel:Password=gavel-dev-broker artemis-rar\n"
                + "deploy --name artemis-rar --type rar /opt/dist/artemis-rar.rar\n");
  }

  @Test
  void recoversItsUnfinishedTransactionsAtStartThroughADomainDataSourceOnTheSameDatabase() {
    assertThat(node.preBootCommands())
        .contains("transaction-service.automatic-recovery=true\n")
        .contains("transaction-service.property.xa-servername=node1\n")
        .contains(
            "create-jdbc-connection-pool --datasourceclassname com.mysql.cj.jdbc.MysqlXADataSource"
                + " --restype javax.sql.XADataSource --steadypoolsize 0 --maxpoolsize 2"
                + " --property url=jdbc\\:mysql\\://127.0.0.1\\:3317/auction?a\\=b&c\\=d:user=:password="
                + " gavel-recovery\n")
        .endsWith("create-jdbc-resource --connectionpoolid gavel-recovery jdbc/gavel-recovery\n");
  }

  @Test
  void bindsHttpAndHazelcastToLoopback() {
    assertThat(node.preBootCommands()).contains("http-listener.address=127.0.0.1");
    assertThat(node.command())
        .contains("-Dhazelcast.socket.bind.any=false")
        .containsSequence("--interfaces", "127.0.0.1")
        .containsSequence("--clustermode", "tcpip:127.0.0.1:5910,127.0.0.1:5911");
  }

  @Test
  void namesThePortsAndConfigurationOfItsOwnNode() {
    assertThat(node.command())
        .containsSequence("--name", "node1")
        .containsSequence("--port", "8092")
        .containsSequence("--startport", "5911")
        .contains(
            "-Dauction.node.name=node1",
            "-Dauction.api.base-uri=http://127.0.0.1:8092/api/v1",
            "-Dauction.db.url=jdbc:mysql://127.0.0.1:3317/auction?a=b&c=d");
  }

  @Test
  void deploysTheApplicationsAtTheirContextRoots() {
    assertThat(node.command())
        .containsSequence("--deploy", "/opt/dist/auction-web.war:/", "--deploy", "/opt/dist/auction-admin.war:/console");
  }

  @Test
  void quotesTheDeploymentErrorFromTheLog() {
    String log = "boot\n[SEVERE] Exception while loading the app : CDI definition failure\n  at X\nready in 1 (ms)\n";
    assertThat(PayaraNode.deploymentError(log)).startsWith("[SEVERE] Exception while loading the app").contains("at X");
    assertThat(PayaraNode.deploymentError("all fine")).isEmpty();
  }
}

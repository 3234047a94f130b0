/*
 * librdkafka's mock cluster with pre-created topics, for the broker benchmark: the mock has no
 * CreateTopics and auto-creates topics with 4 partitions, and it keeps at most 5 MiB per partition,
 * so a benchmark topic needs its partition count chosen up front.
 *
 *   cc -O2 -o mock-cluster mock-cluster.c -lrdkafka
 *   ./mock-cluster orders:16 other:1     # prints "BROKERS=127.0.0.1:PORT", runs until stdin closes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int main(int argc, char **argv) {
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* Quiet the warning about having no bootstrap.servers: this instance never connects anywhere. */
    rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
    /* The cluster lives inside a client instance; this one is never used to produce. */
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    if (!rk) {
        fprintf(stderr, "rd_kafka_new: %s\n", errstr);
        return 1;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, 1);
    if (!mc) {
        fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        char *spec = argv[i];
        char *colon = strrchr(spec, ':');
        int partitions = colon ? atoi(colon + 1) : 1;
        if (colon) *colon = '\0';
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, spec, partitions, 1);
        if (err) {
            fprintf(stderr, "topic %s: %s\n", spec, rd_kafka_err2str(err));
            return 1;
        }
    }
    printf("BROKERS=%s\n", rd_kafka_mock_cluster_bootstraps(mc));
    fflush(stdout);
    /* Runs until the parent closes stdin (or dies). */
    while (getchar() != EOF) {
    }
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    return 0;
}

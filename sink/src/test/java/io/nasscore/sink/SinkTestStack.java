package io.nasscore.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the sink's integration tests run on: a real broker with the pipeline's topics, a real PostgreSQL in
 * {@code dir}, and the sink's migrated connection pool on it.
 */
record SinkTestStack(KafkaTestBroker kafka, TestPostgres pg, HikariDataSource ds) implements AutoCloseable {

    /** @param serverSettings PostgreSQL settings beyond TestPostgres's (e.g. to make a crash lose commits) */
    static SinkTestStack start(Path dir, Map<String, String> serverSettings) throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.start();
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.createAll(admin, (short) 1);
        }
        TestPostgres pg = TestPostgres.start(dir, serverSettings);
        HikariDataSource ds = Database.dataSource(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
        Database.migrate(ds);
        return new SinkTestStack(kafka, pg, ds);
    }

    @Override
    public void close() throws Exception {
        ds.close();
        pg.close();
        kafka.close();
    }
}

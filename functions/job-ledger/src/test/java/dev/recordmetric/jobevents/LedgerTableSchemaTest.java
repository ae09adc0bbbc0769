package dev.recordmetric.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The table moto creates from the schema is the README's. */
class LedgerTableSchemaTest {

    @Test
    void create_makesTheDocumentedTable() {
        String name = LedgerTables.create();

        TableDescription table = LedgerTables.dynamoDb().describeTable(b -> b.tableName(name)).table();

        assertThat(table.keySchema()).singleElement().satisfies(k -> {
            assertThat(k.attributeName()).isEqualTo("pk");
            assertThat(k.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.globalSecondaryIndexes()).hasSize(2);
        assertThat(table.globalSecondaryIndexes()).filteredOn(index -> index.indexName().equals("open-jobs")).singleElement().satisfies(index -> {
            assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("open_status:HASH", "checked_at:RANGE");
            assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
        assertThat(table.globalSecondaryIndexes()).filteredOn(index -> index.indexName().equals("job-starts")).singleElement().satisfies(index -> {
            assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("started_hour:HASH", "started_at:RANGE");
            assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
        assertThat(table.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("pk:S", "open_status:S", "checked_at:N", "started_hour:S", "started_at:S");
    }
}

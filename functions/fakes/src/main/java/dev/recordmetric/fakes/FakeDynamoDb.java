package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DynamoDB for {@link FakeAws}: the JSON 1.0 protocol ({@code X-Amz-Target: DynamoDB_20120810.<Operation>},
 * {@code application/x-amz-json-1.0}), with the operations and expressions the job ledger uses, as the
 * DynamoDB API reference describes them: {@code CreateTable}, {@code DescribeTable}, {@code DeleteTable},
 * {@code UpdateTimeToLive}, {@code DescribeTimeToLive}, {@code PutItem}, {@code UpdateItem},
 * {@code GetItem}, {@code DeleteItem}, {@code Query} (a table or a global secondary index,
 * {@code KeyConditionExpression}, {@code FilterExpression}, {@code Limit}, {@code ExclusiveStartKey},
 * {@code ScanIndexForward}) and {@code Scan}. Conditions that fail are answered
 * {@code ConditionalCheckFailedException} (HTTP 400), with the old item when
 * {@code ReturnValuesOnConditionCheckFailure} is {@code ALL_OLD}. Each write is atomic per table, as a
 * DynamoDB item write is per item. Not modelled: capacity, item size limits, transactions, batch
 * operations, streams, TTL deletions (DynamoDB deletes expired items within days, so nothing may
 * count on it), the reserved words DynamoDB refuses unescaped.
 */
public final class FakeDynamoDb {

    public static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private record Key(String name, String type) {
    }

    private record Index(String name, Key hash, Key range, ObjectNode projection) {
    }

    private static final class Table {
        final String name;
        final Key hash;
        final Key range;
        final Map<String, Index> indexes;
        final ArrayNode attributeDefinitions;
        final Instant created = Instant.now();
        final Map<String, ObjectNode> items = new TreeMap<>();
        String ttlAttribute;

        Table(String name, Key hash, Key range, Map<String, Index> indexes, ArrayNode attributeDefinitions) {
            this.name = name;
            this.hash = hash;
            this.range = range;
            this.indexes = indexes;
            this.attributeDefinitions = attributeDefinitions;
        }
    }

    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    FakeDynamoDb() {
    }

    /** Every item of {@code tableName}, copies, in key order; empty when there is no such table. */
    public List<ObjectNode> items(String tableName) {
        Table table = tables.get(tableName);
        if (table == null) {
            return List.of();
        }
        synchronized (table) {
            return table.items.values().stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** The tables' names. */
    public Set<String> tableNames() {
        return Set.copyOf(tables.keySet());
    }

    Reply handle(String target, JsonNode request) {
        try {
            ObjectNode answer = switch (target.substring(TARGET_PREFIX.length())) {
                case "CreateTable" -> createTable(request);
                case "DescribeTable" -> describeTable(request);
                case "DeleteTable" -> deleteTable(request);
                case "ListTables" -> listTables();
                case "UpdateTimeToLive" -> updateTimeToLive(request);
                case "DescribeTimeToLive" -> describeTimeToLive(request);
                case "PutItem" -> putItem(request);
                case "UpdateItem" -> updateItem(request);
                case "GetItem" -> getItem(request);
                case "DeleteItem" -> deleteItem(request);
                case "Query" -> query(request);
                case "Scan" -> scan(request);
                default -> throw DynamoDbError.unknownOperation();
            };
            return reply(200, answer.toString());
        } catch (DynamoDbError error) {
            return error.reply();
        }
    }

    static Reply reply(int status, String json) {
        byte[] body = DynamoDbError.utf8(json);
        return new Reply(status, DynamoDbError.headers(body), body, false);
    }

    private ObjectNode createTable(JsonNode request) {
        String name = required(request, "TableName");
        Map<String, String> definitions = new LinkedHashMap<>();
        request.path("AttributeDefinitions").forEach(d -> definitions.put(d.path("AttributeName").asText(), d.path("AttributeType").asText()));
        Set<String> usedInKeys = new LinkedHashSet<>();
        Key[] tableKey = keySchema(request.path("KeySchema"), definitions, usedInKeys);
        Map<String, Index> indexes = new LinkedHashMap<>();
        for (JsonNode gsi : request.path("GlobalSecondaryIndexes")) {
            Key[] key = keySchema(gsi.path("KeySchema"), definitions, usedInKeys);
            ObjectNode projection = gsi.path("Projection").isObject() ? (ObjectNode) gsi.get("Projection").deepCopy()
                    : Json.MAPPER.createObjectNode().put("ProjectionType", "ALL");
            indexes.put(required(gsi, "IndexName"), new Index(gsi.get("IndexName").asText(), key[0], key[1], projection));
        }
        if (!usedInKeys.equals(definitions.keySet())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Some AttributeDefinitions are not used."
                    + " AttributeDefinitions: " + definitions.keySet() + ", keys used: " + usedInKeys);
        }
        Table table = new Table(name, tableKey[0], tableKey[1], indexes, ((ArrayNode) request.path("AttributeDefinitions")).deepCopy());
        if (tables.putIfAbsent(name, table) != null) {
            throw DynamoDbError.resourceInUse("Table already exists: " + name);
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("TableDescription", description(table));
        return answer;
    }

    private static Key[] keySchema(JsonNode schema, Map<String, String> definitions, Set<String> used) {
        Key hash = null;
        Key range = null;
        for (JsonNode element : schema) {
            String attribute = element.path("AttributeName").asText();
            String type = definitions.get(attribute);
            if (type == null) {
                throw DynamoDbError.validation("One or more parameter values were invalid: Some index key attributes are not defined in"
                        + " AttributeDefinitions. Keys: [" + attribute + "], AttributeDefinitions: " + definitions.keySet());
            }
            used.add(attribute);
            if (element.path("KeyType").asText().equals("HASH")) {
                hash = new Key(attribute, type);
            } else {
                range = new Key(attribute, type);
            }
        }
        if (hash == null) {
            throw DynamoDbError.validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        return new Key[] {hash, range};
    }

    private ObjectNode description(Table table) {
        ObjectNode description = Json.MAPPER.createObjectNode()
                .put("TableName", table.name)
                .put("TableStatus", "ACTIVE")
                .put("TableArn", arn(table.name))
                .put("CreationDateTime", table.created.toEpochMilli() / 1000.0)
                .put("ItemCount", table.items.size());
        description.set("AttributeDefinitions", table.attributeDefinitions.deepCopy());
        description.set("KeySchema", keySchemaJson(table.hash, table.range));
        description.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        if (!table.indexes.isEmpty()) {
            ArrayNode indexes = description.putArray("GlobalSecondaryIndexes");
            for (Index index : table.indexes.values()) {
                ObjectNode gsi = indexes.addObject().put("IndexName", index.name()).put("IndexStatus", "ACTIVE")
                        .put("IndexArn", arn(table.name) + "/index/" + index.name());
                gsi.set("KeySchema", keySchemaJson(index.hash(), index.range()));
                gsi.set("Projection", index.projection().deepCopy());
            }
        }
        return description;
    }

    private static ArrayNode keySchemaJson(Key hash, Key range) {
        ArrayNode schema = Json.MAPPER.createArrayNode();
        schema.addObject().put("AttributeName", hash.name()).put("KeyType", "HASH");
        if (range != null) {
            schema.addObject().put("AttributeName", range.name()).put("KeyType", "RANGE");
        }
        return schema;
    }

    private static String arn(String table) {
        return "arn:aws:dynamodb:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":table/" + table;
    }

    private ObjectNode describeTable(JsonNode request) {
        Table table = table(request);
        synchronized (table) {
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.set("Table", description(table));
            return answer;
        }
    }

    private ObjectNode deleteTable(JsonNode request) {
        Table table = table(request);
        tables.remove(table.name);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("TableDescription", description(table).put("TableStatus", "DELETING"));
        return answer;
    }

    private ObjectNode listTables() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode names = answer.putArray("TableNames");
        tables.keySet().stream().sorted().forEach(names::add);
        return answer;
    }

    private ObjectNode updateTimeToLive(JsonNode request) {
        Table table = table(request);
        JsonNode specification = request.path("TimeToLiveSpecification");
        synchronized (table) {
            table.ttlAttribute = specification.path("Enabled").asBoolean() ? specification.path("AttributeName").asText() : null;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("TimeToLiveSpecification", specification.deepCopy());
        return answer;
    }

    private ObjectNode describeTimeToLive(JsonNode request) {
        Table table = table(request);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ObjectNode description = answer.putObject("TimeToLiveDescription");
        synchronized (table) {
            description.put("TimeToLiveStatus", table.ttlAttribute != null ? "ENABLED" : "DISABLED");
            if (table.ttlAttribute != null) {
                description.put("AttributeName", table.ttlAttribute);
            }
        }
        return answer;
    }

    private ObjectNode putItem(JsonNode request) {
        Table table = table(request);
        if (!request.path("Item").isObject()) {
            throw DynamoDbError.validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
        }
        ObjectNode item = ((ObjectNode) request.get("Item")).deepCopy();
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        DynamoDbExpressions.Condition condition = condition(request, placeholders);
        placeholders.requireAllUsed();
        returnValues(request, Set.of("NONE", "ALL_OLD"));
        item.properties().forEach(attribute -> DynamoDbValues.type(attribute.getValue()));
        String key = keyOf(table, item, true);
        checkIndexKeys(table, item);
        synchronized (table) {
            ObjectNode old = table.items.get(key);
            check(condition, old, request);
            table.items.put(key, item);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            if (old != null && request.path("ReturnValues").asText("NONE").equals("ALL_OLD")) {
                answer.set("Attributes", old.deepCopy());
            }
            return answer;
        }
    }

    private ObjectNode updateItem(JsonNode request) {
        Table table = table(request);
        ObjectNode keyItem = keyItem(table, request);
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        DynamoDbExpressions.Update update = request.hasNonNull("UpdateExpression")
                ? DynamoDbExpressions.update(request.get("UpdateExpression").asText(), placeholders) : null;
        DynamoDbExpressions.Condition condition = condition(request, placeholders);
        placeholders.requireAllUsed();
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"));
        if (update != null) {
            for (String name : update.topNames()) {
                if (name.equals(table.hash.name()) || table.range != null && name.equals(table.range.name())) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Cannot update attribute " + name
                            + ". This attribute is part of the key");
                }
            }
        }
        String key = keyOf(table, keyItem, true);
        synchronized (table) {
            ObjectNode old = table.items.get(key);
            check(condition, old, request);
            ObjectNode before = old != null ? old : keyItem;
            ObjectNode after = update != null ? update.apply(before) : before.deepCopy();
            after.properties().forEach(attribute -> DynamoDbValues.type(attribute.getValue()));
            checkIndexKeys(table, after);
            table.items.put(key, after);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ObjectNode attributes = switch (returnValues) {
                case "ALL_NEW" -> after.deepCopy();
                case "ALL_OLD" -> old == null ? null : old.deepCopy();
                case "UPDATED_NEW" -> only(after, update);
                case "UPDATED_OLD" -> old == null ? null : only(old, update);
                default -> null;
            };
            if (attributes != null && !attributes.isEmpty()) {
                answer.set("Attributes", attributes);
            }
            return answer;
        }
    }

    private static ObjectNode only(ObjectNode item, DynamoDbExpressions.Update update) {
        ObjectNode attributes = Json.MAPPER.createObjectNode();
        if (update != null) {
            update.topNames().forEach(name -> {
                if (item.has(name)) {
                    attributes.set(name, item.get(name).deepCopy());
                }
            });
        }
        return attributes;
    }

    private ObjectNode getItem(JsonNode request) {
        Table table = table(request);
        ObjectNode keyItem = keyItem(table, request);
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        List<DynamoDbExpressions.Path> projection = projection(request, placeholders);
        placeholders.requireAllUsed();
        String key = keyOf(table, keyItem, true);
        synchronized (table) {
            ObjectNode item = table.items.get(key);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            if (item != null) {
                answer.set("Item", project(item, projection));
            }
            return answer;
        }
    }

    private ObjectNode deleteItem(JsonNode request) {
        Table table = table(request);
        ObjectNode keyItem = keyItem(table, request);
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        DynamoDbExpressions.Condition condition = condition(request, placeholders);
        placeholders.requireAllUsed();
        returnValues(request, Set.of("NONE", "ALL_OLD"));
        String key = keyOf(table, keyItem, true);
        synchronized (table) {
            ObjectNode old = table.items.get(key);
            check(condition, old, request);
            table.items.remove(key);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            if (old != null && request.path("ReturnValues").asText("NONE").equals("ALL_OLD")) {
                answer.set("Attributes", old);
            }
            return answer;
        }
    }

    private ObjectNode query(JsonNode request) {
        Table table = table(request);
        Index index = index(table, request);
        if (!request.hasNonNull("KeyConditionExpression")) {
            throw DynamoDbError.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        DynamoDbExpressions.KeyCondition keyCondition = DynamoDbExpressions.keyCondition(request.get("KeyConditionExpression").asText(),
                placeholders, index.hash().name(), index.range() == null ? null : index.range().name());
        if (!DynamoDbValues.type(keyCondition.hashValue()).equals(index.hash().type())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        DynamoDbExpressions.Condition filter = filter(request, placeholders);
        List<DynamoDbExpressions.Path> projection = projection(request, placeholders);
        placeholders.requireAllUsed();
        boolean forward = request.path("ScanIndexForward").asBoolean(true);
        synchronized (table) {
            List<ObjectNode> candidates = new ArrayList<>();
            for (ObjectNode item : table.items.values()) {
                JsonNode hash = item.get(index.hash().name());
                if (hash != null && DynamoDbValues.equal(hash, keyCondition.hashValue()) && inIndex(index, item)
                        && (keyCondition.range() == null || keyCondition.range().test(item))) {
                    candidates.add(item);
                }
            }
            Comparator<ObjectNode> order = order(table, index);
            return page(table, index, candidates, forward ? order : order.reversed(), request, filter, projection);
        }
    }

    private ObjectNode scan(JsonNode request) {
        Table table = table(request);
        Index index = index(table, request);
        var placeholders = new DynamoDbExpressions.Placeholders(request);
        DynamoDbExpressions.Condition filter = filter(request, placeholders);
        List<DynamoDbExpressions.Path> projection = projection(request, placeholders);
        placeholders.requireAllUsed();
        synchronized (table) {
            List<ObjectNode> candidates = table.items.values().stream().filter(item -> inIndex(index, item)).toList();
            Comparator<ObjectNode> byHash = Comparator.comparing(item -> item.get(index.hash().name()), DynamoDbValues.KEY_ORDER);
            return page(table, index, candidates, byHash.thenComparing(order(table, index)), request, filter, projection);
        }
    }

    /**
     * One page: the candidates after {@code ExclusiveStartKey} in {@code order}, at most {@code Limit}
     * evaluated, filtered; {@code LastEvaluatedKey} whenever the limit stopped the page, even if nothing
     * follows (API reference, Query: "If LastEvaluatedKey is not empty, it does not necessarily mean
     * that there is more data in the result set").
     */
    private ObjectNode page(Table table, Index index, List<ObjectNode> candidates, Comparator<ObjectNode> order, JsonNode request,
            DynamoDbExpressions.Condition filter, List<DynamoDbExpressions.Path> projection) {
        int limit = Integer.MAX_VALUE;
        if (request.has("Limit")) {
            limit = request.get("Limit").asInt();
            if (limit < 1) {
                throw DynamoDbError.validation("1 validation error detected: Value '" + limit
                        + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        List<ObjectNode> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        if (request.path("ExclusiveStartKey").isObject()) {
            ObjectNode start = (ObjectNode) request.get("ExclusiveStartKey");
            for (Key key : keysOf(table, index)) {
                if (!start.has(key.name())) {
                    throw DynamoDbError.validation("The provided starting key is invalid: The provided key element does not match the schema");
                }
            }
            sorted = sorted.stream().filter(item -> order.compare(item, start) > 0).toList();
        }
        boolean countOnly = request.path("Select").asText("").equals("COUNT");
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode items = Json.MAPPER.createArrayNode();
        int scanned = 0;
        ObjectNode last = null;
        for (ObjectNode item : sorted) {
            if (scanned == limit) {
                break;
            }
            scanned++;
            last = item;
            if (filter == null || filter.test(item)) {
                items.add(project(item, projection));
            }
        }
        if (!countOnly) {
            answer.set("Items", items);
        }
        answer.put("Count", items.size()).put("ScannedCount", scanned);
        if (scanned == limit && last != null) {
            ObjectNode lastKey = answer.putObject("LastEvaluatedKey");
            for (Key key : keysOf(table, index)) {
                lastKey.set(key.name(), last.get(key.name()).deepCopy());
            }
        }
        return answer;
    }

    /** The order of a query's items: the index's range key, then the table's key (ties in an index). */
    private static Comparator<ObjectNode> order(Table table, Index index) {
        Comparator<ObjectNode> order = (a, b) -> 0;
        if (index.range() != null) {
            order = Comparator.comparing(item -> item.get(index.range().name()), DynamoDbValues.KEY_ORDER);
        }
        order = order.thenComparing(item -> item.get(table.hash.name()), DynamoDbValues.KEY_ORDER);
        if (table.range != null) {
            order = order.thenComparing(item -> item.get(table.range.name()), DynamoDbValues.KEY_ORDER);
        }
        return order;
    }

    private static List<Key> keysOf(Table table, Index index) {
        List<Key> keys = new ArrayList<>();
        keys.add(table.hash);
        if (table.range != null) {
            keys.add(table.range);
        }
        if (!index.hash().equals(table.hash)) {
            keys.add(index.hash());
        }
        if (index.range() != null && !index.range().equals(table.range)) {
            keys.add(index.range());
        }
        return keys;
    }

    private static boolean inIndex(Index index, ObjectNode item) {
        return item.has(index.hash().name()) && (index.range() == null || item.has(index.range().name()));
    }

    private Index index(Table table, JsonNode request) {
        if (!request.hasNonNull("IndexName")) {
            return new Index(null, table.hash, table.range, null);
        }
        Index index = table.indexes.get(request.get("IndexName").asText());
        if (index == null) {
            throw DynamoDbError.validation("The table does not have the specified index: " + request.get("IndexName").asText());
        }
        if (request.path("ConsistentRead").asBoolean(false)) {
            throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
        }
        return index;
    }

    private Table table(JsonNode request) {
        Table table = tables.get(required(request, "TableName"));
        if (table == null) {
            throw DynamoDbError.resourceNotFound();
        }
        return table;
    }

    private static String required(JsonNode request, String member) {
        String value = request.path(member).asText("");
        if (value.isEmpty()) {
            String field = Character.toLowerCase(member.charAt(0)) + member.substring(1);
            throw DynamoDbError.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static DynamoDbExpressions.Condition condition(JsonNode request, DynamoDbExpressions.Placeholders placeholders) {
        return request.hasNonNull("ConditionExpression")
                ? DynamoDbExpressions.condition(request.get("ConditionExpression").asText(), placeholders) : null;
    }

    private static DynamoDbExpressions.Condition filter(JsonNode request, DynamoDbExpressions.Placeholders placeholders) {
        return request.hasNonNull("FilterExpression")
                ? DynamoDbExpressions.condition(request.get("FilterExpression").asText(), placeholders) : null;
    }

    private static List<DynamoDbExpressions.Path> projection(JsonNode request, DynamoDbExpressions.Placeholders placeholders) {
        if (!request.hasNonNull("ProjectionExpression")) {
            return null;
        }
        List<DynamoDbExpressions.Path> paths = new ArrayList<>();
        for (String part : request.get("ProjectionExpression").asText().split(",")) {
            String name = part.strip();
            paths.add(new DynamoDbExpressions.Path(List.of(name.startsWith("#") ? placeholders.name(name) : name)));
        }
        return paths;
    }

    private static ObjectNode project(ObjectNode item, List<DynamoDbExpressions.Path> projection) {
        if (projection == null) {
            return item.deepCopy();
        }
        ObjectNode projected = Json.MAPPER.createObjectNode();
        projection.forEach(path -> {
            JsonNode value = item.get(path.topName());
            if (value != null) {
                projected.set(path.topName(), value.deepCopy());
            }
        });
        return projected;
    }

    private static String returnValues(JsonNode request, Set<String> allowed) {
        String returnValues = request.path("ReturnValues").asText("NONE");
        if (!allowed.contains(returnValues)) {
            throw DynamoDbError.validation("ReturnValues can only be " + String.join(" or ", allowed.stream().sorted().toList()));
        }
        return returnValues;
    }

    private static void check(DynamoDbExpressions.Condition condition, ObjectNode old, JsonNode request) {
        if (condition == null) {
            return;
        }
        ObjectNode subject = old != null ? old : Json.MAPPER.createObjectNode();
        if (!condition.test(subject)) {
            boolean returnOld = request.path("ReturnValuesOnConditionCheckFailure").asText("NONE").equals("ALL_OLD");
            throw DynamoDbError.conditionalCheckFailed(returnOld && old != null ? old.deepCopy() : null);
        }
    }

    /** The request's {@code Key}: exactly the table's key attributes, of their types. */
    private static ObjectNode keyItem(Table table, JsonNode request) {
        JsonNode key = request.path("Key");
        int expected = table.range == null ? 1 : 2;
        if (!key.isObject() || key.size() != expected) {
            throw DynamoDbError.validation("The provided key element does not match the schema");
        }
        ObjectNode item = ((ObjectNode) key).deepCopy();
        keyOf(table, item, false);
        return item;
    }

    /** A string naming the item's primary key; the key attributes must be present and of their types. */
    private static String keyOf(Table table, ObjectNode item, boolean inItem) {
        StringBuilder key = new StringBuilder();
        for (Key part : table.range == null ? List.of(table.hash) : List.of(table.hash, table.range)) {
            JsonNode value = item.get(part.name());
            if (value == null) {
                throw DynamoDbError.validation(inItem ? "One or more parameter values were invalid: Missing the key " + part.name()
                        + " in the item" : "The provided key element does not match the schema");
            }
            String type = DynamoDbValues.type(value);
            if (!type.equals(part.type())) {
                throw DynamoDbError.validation(inItem ? "One or more parameter values were invalid: Type mismatch for key "
                        + part.name() + " expected: " + part.type() + " actual: " + type : "The provided key element does not match the schema");
            }
            String text = value.get(type).asText();
            if (text.isEmpty()) {
                throw DynamoDbError.validation("One or more parameter values are not valid. The AttributeValue for a key attribute"
                        + " cannot contain an empty string value. Key: " + part.name());
            }
            key.append(type).append(':').append(type.equals("N") ? DynamoDbValues.number(value.get("N")).stripTrailingZeros().toPlainString()
                    : text).append('\u0000');
        }
        return key.toString();
    }

    private static void checkIndexKeys(Table table, ObjectNode item) {
        for (Index index : table.indexes.values()) {
            for (Key key : index.range() == null ? List.of(index.hash()) : List.of(index.hash(), index.range())) {
                JsonNode value = item.get(key.name());
                if (value != null && !DynamoDbValues.type(value).equals(key.type())) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Type mismatch for Index Key " + key.name()
                            + " Expected: " + key.type() + " Actual: " + DynamoDbValues.type(value) + " IndexName: " + index.name());
                }
            }
        }
    }
}

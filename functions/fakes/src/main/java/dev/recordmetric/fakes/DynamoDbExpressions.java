package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * DynamoDB's expressions, parsed and evaluated as the Developer Guide describes them: condition,
 * filter and key condition expressions ("Condition and filter expressions, operators, and
 * functions": comparators, {@code BETWEEN}, {@code IN}, {@code attribute_exists},
 * {@code attribute_not_exists}, {@code attribute_type}, {@code begins_with}, {@code contains},
 * {@code size}; precedence {@code NOT} over {@code AND} over {@code OR}) and update expressions
 * ("Update expressions": {@code SET} with {@code +}, {@code -}, {@code if_not_exists},
 * {@code list_append}; {@code REMOVE}; {@code ADD}; {@code DELETE}). Placeholders come from
 * {@code ExpressionAttributeNames} ({@code #name}) and {@code ExpressionAttributeValues}
 * ({@code :value}); an undefined one, or a defined one no expression uses, is a
 * {@code ValidationException}, as DynamoDB answers. Not modelled: the reserved words DynamoDB refuses
 * unescaped (the parity test against moto catches those), projection expressions.
 */
final class DynamoDbExpressions {

    private DynamoDbExpressions() {
    }

    /** The placeholders of one request and which of them its expressions used. */
    static final class Placeholders {
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, JsonNode> values = new LinkedHashMap<>();
        private final Set<String> usedNames = new HashSet<>();
        private final Set<String> usedValues = new HashSet<>();

        Placeholders(JsonNode request) {
            request.path("ExpressionAttributeNames").properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
            request.path("ExpressionAttributeValues").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        }

        String name(String placeholder) {
            String name = names.get(placeholder);
            if (name == null) {
                throw DynamoDbError.validation("Invalid expression: An expression attribute name used in the document path is not"
                        + " defined; attribute name: " + placeholder);
            }
            usedNames.add(placeholder);
            return name;
        }

        JsonNode value(String placeholder) {
            JsonNode value = values.get(placeholder);
            if (value == null) {
                throw DynamoDbError.validation("Invalid expression: An expression attribute value used in expression is not defined;"
                        + " attribute value: " + placeholder);
            }
            DynamoDbValues.type(value);
            usedValues.add(placeholder);
            return value;
        }

        /** After parsing every expression of the request: DynamoDB refuses placeholders nothing used. */
        void requireAllUsed() {
            Set<String> unusedNames = new TreeSet<>(names.keySet());
            unusedNames.removeAll(usedNames);
            if (!unusedNames.isEmpty()) {
                throw DynamoDbError.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                        + String.join(", ", unusedNames) + "}");
            }
            Set<String> unusedValues = new TreeSet<>(values.keySet());
            unusedValues.removeAll(usedValues);
            if (!unusedValues.isEmpty()) {
                throw DynamoDbError.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                        + String.join(", ", unusedValues) + "}");
            }
        }
    }

    /** A document path: top-level name, then names ({@code .x}) and list indexes ({@code [n]}). */
    record Path(List<Object> elements) {

        String topName() {
            return (String) elements.getFirst();
        }

        JsonNode get(ObjectNode item) {
            JsonNode current = item.get(topName());
            for (int i = 1; i < elements.size() && current != null; i++) {
                Object element = elements.get(i);
                if (element instanceof String name) {
                    current = current.has("M") ? current.get("M").get(name) : null;
                } else {
                    JsonNode list = current.get("L");
                    int index = (Integer) element;
                    current = list != null && index < list.size() ? list.get(index) : null;
                }
            }
            return current;
        }

        void set(ObjectNode item, JsonNode value) {
            if (elements.size() == 1) {
                item.set(topName(), value);
                return;
            }
            JsonNode parent = new Path(elements.subList(0, elements.size() - 1)).get(item);
            Object last = elements.getLast();
            if (last instanceof String name && parent != null && parent.get("M") instanceof ObjectNode map) {
                map.set(name, value);
            } else if (last instanceof Integer index && parent != null && parent.get("L") instanceof ArrayNode list) {
                if (index < list.size()) {
                    list.set(index, value);
                } else {
                    list.add(value);
                }
            } else {
                throw DynamoDbError.validation("The document path provided in the update expression is invalid for update");
            }
        }

        void remove(ObjectNode item) {
            if (elements.size() == 1) {
                item.remove(topName());
                return;
            }
            JsonNode parent = new Path(elements.subList(0, elements.size() - 1)).get(item);
            Object last = elements.getLast();
            if (last instanceof String name && parent != null && parent.get("M") instanceof ObjectNode map) {
                map.remove(name);
            } else if (last instanceof Integer index && parent != null && parent.get("L") instanceof ArrayNode list) {
                if (index < list.size()) {
                    list.remove(index.intValue());
                }
            } else if (parent == null) {
                throw DynamoDbError.validation("The document path provided in the update expression is invalid for update");
            }
        }
    }

    /** A condition over one item. */
    interface Condition {
        boolean test(ObjectNode item);
    }

    /** An operand: a path's value (null when absent), a placeholder's value, or {@code size(path)}. */
    interface Operand {
        JsonNode value(ObjectNode item);
    }

    /** One action of an update expression, its operands evaluated against the item before the update. */
    interface Action {
        Path path();

        Runnable prepare(ObjectNode before, ObjectNode after);
    }

    /** A parsed update expression. */
    record Update(List<Action> actions) {

        /** The item after the update: every operand read from {@code before}, as DynamoDB evaluates them. */
        ObjectNode apply(ObjectNode before) {
            ObjectNode after = before.deepCopy();
            List<Runnable> steps = new ArrayList<>();
            for (Action action : actions) {
                steps.add(action.prepare(before, after));
            }
            steps.forEach(Runnable::run);
            return after;
        }

        Set<String> topNames() {
            Set<String> names = new LinkedHashSet<>();
            actions.forEach(action -> names.add(action.path().topName()));
            return names;
        }
    }

    static Condition condition(String text, Placeholders placeholders) {
        Parser parser = new Parser(text, placeholders);
        Condition condition = parser.orCondition();
        parser.expectEnd();
        return condition;
    }

    static Update update(String text, Placeholders placeholders) {
        Parser parser = new Parser(text, placeholders);
        Update update = parser.update();
        parser.expectEnd();
        return update;
    }

    /**
     * A key condition's parts: the hash key's equality and, optionally, one condition on the range
     * key (Query API reference, "KeyConditionExpression").
     */
    record KeyCondition(String hashName, JsonNode hashValue, String rangeName, Condition range) {
    }

    static KeyCondition keyCondition(String text, Placeholders placeholders, String hashKey, String rangeKey) {
        Parser parser = new Parser(text, placeholders);
        List<Parser.Term> terms = new ArrayList<>();
        terms.add(parser.keyTerm());
        while (parser.acceptKeyword("AND")) {
            terms.add(parser.keyTerm());
        }
        parser.expectEnd();
        Parser.Term hash = terms.stream().filter(t -> t.name().equals(hashKey)).findFirst().orElseThrow(() ->
                DynamoDbError.validation("Query condition missed key schema element: " + hashKey));
        if (!hash.equality()) {
            throw DynamoDbError.validation("Query key condition not supported");
        }
        Parser.Term range = null;
        for (Parser.Term term : terms) {
            if (term == hash) {
                continue;
            }
            if (range != null || !term.name().equals(rangeKey)) {
                throw DynamoDbError.validation(rangeKey == null || !term.name().equals(rangeKey)
                        ? "Query condition missed key schema element: " + term.name()
                        : "KeyConditionExpressions must only contain one condition per key");
            }
            range = term;
        }
        return new KeyCondition(hashKey, hash.equalTo(), rangeKey, range == null ? null : range.condition());
    }

    private static final class Parser {

        /** One term of a key condition: which key it names and its condition. */
        record Term(String name, Condition condition, boolean equality, JsonNode equalTo) {
        }

        private final List<String> tokens;
        private final Placeholders placeholders;
        private final String text;
        private int position;

        Parser(String text, Placeholders placeholders) {
            this.text = text;
            this.placeholders = placeholders;
            this.tokens = tokenize(text);
        }

        private static List<String> tokenize(String text) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == ':') {
                    int start = i++;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                            || text.charAt(i) == '-' && text.charAt(start) == '#')) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                } else if ((c == '<' || c == '>') && i + 1 < text.length() && (text.charAt(i + 1) == '=' || c == '<' && text.charAt(i + 1) == '>')) {
                    tokens.add(text.substring(i, i + 2));
                    i += 2;
                } else if ("()=<>,.[]+-".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    throw DynamoDbError.validation("Invalid expression: Syntax error; token: \"" + c + "\", near: \"" + text + "\"");
                }
            }
            return tokens;
        }

        private DynamoDbError syntax() {
            String token = position < tokens.size() ? tokens.get(position) : "<EOF>";
            return DynamoDbError.validation("Invalid expression: Syntax error; token: \"" + token + "\", near: \"" + text + "\"");
        }

        private String peek() {
            return position < tokens.size() ? tokens.get(position) : null;
        }

        private String peek(int ahead) {
            return position + ahead < tokens.size() ? tokens.get(position + ahead) : null;
        }

        private String next() {
            if (position >= tokens.size()) {
                throw syntax();
            }
            return tokens.get(position++);
        }

        private void expect(String token) {
            if (!token.equals(peek())) {
                throw syntax();
            }
            position++;
        }

        private boolean accept(String token) {
            if (token.equals(peek())) {
                position++;
                return true;
            }
            return false;
        }

        boolean acceptKeyword(String keyword) {
            String token = peek();
            if (token != null && token.equalsIgnoreCase(keyword)) {
                position++;
                return true;
            }
            return false;
        }

        private boolean isKeyword(String token, String... keywords) {
            for (String keyword : keywords) {
                if (keyword.equalsIgnoreCase(token)) {
                    return true;
                }
            }
            return false;
        }

        void expectEnd() {
            if (position != tokens.size()) {
                throw syntax();
            }
        }

        Condition orCondition() {
            Condition left = andCondition();
            while (acceptKeyword("OR")) {
                Condition a = left;
                Condition b = andCondition();
                left = item -> a.test(item) || b.test(item);
            }
            return left;
        }

        private Condition andCondition() {
            Condition left = notCondition();
            while (acceptKeyword("AND")) {
                Condition a = left;
                Condition b = notCondition();
                left = item -> a.test(item) && b.test(item);
            }
            return left;
        }

        private Condition notCondition() {
            if (acceptKeyword("NOT")) {
                Condition inner = notCondition();
                return item -> !inner.test(item);
            }
            return primary();
        }

        private Condition primary() {
            if (accept("(")) {
                Condition inner = orCondition();
                expect(")");
                return inner;
            }
            String token = peek();
            if ("(".equals(peek(1)) && token != null) {
                String function = token.toLowerCase(Locale.ROOT);
                switch (function) {
                    case "attribute_exists", "attribute_not_exists" -> {
                        position += 2;
                        Path path = path();
                        expect(")");
                        boolean exists = function.equals("attribute_exists");
                        return item -> (path.get(item) != null) == exists;
                    }
                    case "attribute_type" -> {
                        position += 2;
                        Path path = path();
                        expect(",");
                        Operand type = operand();
                        expect(")");
                        return item -> {
                            JsonNode value = path.get(item);
                            JsonNode wanted = type.value(item);
                            return value != null && wanted != null && wanted.has("S")
                                    && DynamoDbValues.type(value).equals(wanted.get("S").asText());
                        };
                    }
                    case "begins_with" -> {
                        position += 2;
                        Path path = path();
                        expect(",");
                        Operand prefix = operand();
                        expect(")");
                        return item -> beginsWith(path.get(item), prefix.value(item));
                    }
                    case "contains" -> {
                        position += 2;
                        Path path = path();
                        expect(",");
                        Operand operand = operand();
                        expect(")");
                        return item -> contains(path.get(item), operand.value(item));
                    }
                    default -> {
                        if (!function.equals("size")) {
                            throw DynamoDbError.validation("Invalid function name; function: " + token);
                        }
                    }
                }
            }
            Operand left = operand();
            if (acceptKeyword("BETWEEN")) {
                Operand low = operand();
                if (!acceptKeyword("AND")) {
                    throw syntax();
                }
                Operand high = operand();
                return item -> {
                    JsonNode value = left.value(item);
                    JsonNode from = low.value(item);
                    JsonNode to = high.value(item);
                    if (value == null || from == null || to == null) {
                        return false;
                    }
                    Integer above = DynamoDbValues.order(value, from);
                    Integer below = DynamoDbValues.order(value, to);
                    return above != null && below != null && above >= 0 && below <= 0;
                };
            }
            if (acceptKeyword("IN")) {
                expect("(");
                List<Operand> candidates = new ArrayList<>();
                do {
                    candidates.add(operand());
                } while (accept(","));
                expect(")");
                return item -> {
                    JsonNode value = left.value(item);
                    return value != null && candidates.stream().map(c -> c.value(item))
                            .anyMatch(c -> c != null && DynamoDbValues.equal(value, c));
                };
            }
            String comparator = next();
            Operand right = operand();
            return comparison(comparator, left, right);
        }

        private Condition comparison(String comparator, Operand left, Operand right) {
            return switch (comparator) {
                case "=" -> item -> {
                    JsonNode a = left.value(item);
                    JsonNode b = right.value(item);
                    return a != null && b != null && DynamoDbValues.equal(a, b);
                };
                case "<>" -> item -> {
                    JsonNode a = left.value(item);
                    JsonNode b = right.value(item);
                    return a == null || b == null || !DynamoDbValues.equal(a, b);
                };
                case "<", "<=", ">", ">=" -> item -> {
                    JsonNode a = left.value(item);
                    JsonNode b = right.value(item);
                    Integer order = a == null || b == null ? null : DynamoDbValues.order(a, b);
                    if (order == null) {
                        return false;
                    }
                    return switch (comparator) {
                        case "<" -> order < 0;
                        case "<=" -> order <= 0;
                        case ">" -> order > 0;
                        default -> order >= 0;
                    };
                };
                default -> {
                    position--;
                    throw syntax();
                }
            };
        }

        Operand operand() {
            String token = peek();
            if (token == null) {
                throw syntax();
            }
            if (token.startsWith(":")) {
                position++;
                JsonNode value = placeholders.value(token);
                return item -> value;
            }
            if (token.equalsIgnoreCase("size") && "(".equals(peek(1))) {
                position += 2;
                Path path = path();
                expect(")");
                return item -> size(path.get(item));
            }
            Path path = path();
            return path::get;
        }

        Path path() {
            List<Object> elements = new ArrayList<>();
            elements.add(name());
            while (true) {
                if (accept(".")) {
                    elements.add(name());
                } else if (accept("[")) {
                    String index = next();
                    if (!index.chars().allMatch(Character::isDigit)) {
                        throw syntax();
                    }
                    elements.add(Integer.parseInt(index));
                    expect("]");
                } else {
                    return new Path(List.copyOf(elements));
                }
            }
        }

        private String name() {
            String token = next();
            if (token.startsWith("#")) {
                return placeholders.name(token);
            }
            if (token.startsWith(":") || !Character.isLetter(token.charAt(0))) {
                position--;
                throw syntax();
            }
            return token;
        }

        Term keyTerm() {
            boolean parenthesized = accept("(");
            Term term;
            if (peek() != null && peek().equalsIgnoreCase("begins_with") && "(".equals(peek(1))) {
                position += 2;
                Path path = path();
                expect(",");
                Operand prefix = operand();
                expect(")");
                term = new Term(path.topName(), item -> beginsWith(path.get(item), prefix.value(item)), false, null);
            } else {
                Path path = path();
                if (acceptKeyword("BETWEEN")) {
                    Operand low = operand();
                    if (!acceptKeyword("AND")) {
                        throw syntax();
                    }
                    Operand high = operand();
                    term = new Term(path.topName(), item -> {
                        JsonNode value = path.get(item);
                        Integer above = value == null ? null : DynamoDbValues.order(value, low.value(item));
                        Integer below = value == null ? null : DynamoDbValues.order(value, high.value(item));
                        return above != null && below != null && above >= 0 && below <= 0;
                    }, false, null);
                } else {
                    String comparator = next();
                    if (comparator.equals("<>")) {
                        throw DynamoDbError.validation("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>");
                    }
                    if (peek() == null || !peek().startsWith(":")) {
                        throw DynamoDbError.validation("Invalid KeyConditionExpression: a key is compared with a value placeholder (:name)");
                    }
                    Operand right = operand();
                    JsonNode constant = right.value(null);
                    term = new Term(path.topName(), comparison(comparator, path::get, right), comparator.equals("="), constant);
                }
            }
            if (parenthesized) {
                expect(")");
            }
            return term;
        }

        Update update() {
            List<Action> actions = new ArrayList<>();
            Set<String> clauses = new HashSet<>();
            while (peek() != null) {
                String clause = next().toUpperCase(Locale.ROOT);
                if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(clause)) {
                    position--;
                    throw syntax();
                }
                if (!clauses.add(clause)) {
                    throw DynamoDbError.validation("Invalid UpdateExpression: The \"" + clause
                            + "\" section can only be used once in an update expression;");
                }
                do {
                    actions.add(action(clause));
                } while (accept(","));
            }
            if (actions.isEmpty()) {
                throw syntax();
            }
            Set<List<Object>> paths = new HashSet<>();
            for (Action action : actions) {
                if (!paths.add(action.path().elements())) {
                    throw DynamoDbError.validation("Invalid UpdateExpression: Two document paths overlap with each other;"
                            + " must remove or rewrite one of these paths; path one: [" + action.path().topName() + "], path two: ["
                            + action.path().topName() + "]");
                }
            }
            return new Update(List.copyOf(actions));
        }

        private Action action(String clause) {
            Path path = path();
            switch (clause) {
                case "SET" -> {
                    expect("=");
                    Value value = setValue();
                    return new SimpleAction(path, (before, after) -> {
                        JsonNode result = value.evaluate(before);
                        return () -> path.set(after, result);
                    });
                }
                case "REMOVE" -> {
                    return new SimpleAction(path, (before, after) -> () -> path.remove(after));
                }
                default -> {
                    Operand operand = operand();
                    boolean add = clause.equals("ADD");
                    return new SimpleAction(path, (before, after) -> {
                        JsonNode current = path.get(before);
                        JsonNode given = operand.value(before);
                        JsonNode result = add ? add(current, given) : delete(current, given);
                        return () -> {
                            if (result == null) {
                                path.remove(after);
                            } else {
                                path.set(after, result);
                            }
                        };
                    });
                }
            }
        }

        /** A SET action's right-hand side. */
        interface Value {
            JsonNode evaluate(ObjectNode item);
        }

        private Value setValue() {
            Value left = setOperand();
            if (accept("+")) {
                Value right = setOperand();
                return item -> arithmetic(left.evaluate(item), right.evaluate(item), true);
            }
            if (accept("-")) {
                Value right = setOperand();
                return item -> arithmetic(left.evaluate(item), right.evaluate(item), false);
            }
            return left;
        }

        private Value setOperand() {
            String token = peek();
            if (token != null && "(".equals(peek(1))) {
                switch (token.toLowerCase(Locale.ROOT)) {
                    case "if_not_exists" -> {
                        position += 2;
                        Path path = path();
                        expect(",");
                        Value fallback = setValue();
                        expect(")");
                        return item -> {
                            JsonNode current = path.get(item);
                            return current != null ? current : fallback.evaluate(item);
                        };
                    }
                    case "list_append" -> {
                        position += 2;
                        Value first = setValue();
                        expect(",");
                        Value second = setValue();
                        expect(")");
                        return item -> {
                            JsonNode a = first.evaluate(item);
                            JsonNode b = second.evaluate(item);
                            if (a == null || b == null || !a.has("L") || !b.has("L")) {
                                throw DynamoDbError.validation("Invalid UpdateExpression: Incorrect operand type for operator or function;"
                                        + " operator or function: list_append");
                            }
                            ArrayNode list = Json.MAPPER.createArrayNode().addAll((ArrayNode) a.get("L")).addAll((ArrayNode) b.get("L"));
                            ObjectNode result = Json.MAPPER.createObjectNode();
                            result.set("L", list);
                            return result;
                        };
                    }
                    default -> throw DynamoDbError.validation("Invalid UpdateExpression: Invalid function name; function: " + token);
                }
            }
            Operand operand = operand();
            return item -> {
                JsonNode value = operand.value(item);
                if (value == null) {
                    throw DynamoDbError.validation("The provided expression refers to an attribute that does not exist in the item");
                }
                return value;
            };
        }
    }

    private record SimpleAction(Path path, java.util.function.BiFunction<ObjectNode, ObjectNode, Runnable> body) implements Action {
        @Override
        public Runnable prepare(ObjectNode before, ObjectNode after) {
            return body.apply(before, after);
        }
    }

    private static JsonNode arithmetic(JsonNode a, JsonNode b, boolean plus) {
        if (a == null || b == null || !a.has("N") || !b.has("N")) {
            throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
        }
        BigDecimal x = DynamoDbValues.number(a.get("N"));
        BigDecimal y = DynamoDbValues.number(b.get("N"));
        return number(plus ? x.add(y) : x.subtract(y));
    }

    static ObjectNode number(BigDecimal value) {
        return Json.MAPPER.createObjectNode().put("N", value.stripTrailingZeros().toPlainString());
    }

    private static JsonNode add(JsonNode current, JsonNode given) {
        String type = DynamoDbValues.type(given);
        if (type.equals("N")) {
            if (current == null) {
                return given;
            }
            return arithmetic(current, given, true);
        }
        if (!type.endsWith("S") || type.equals("S")) {
            throw DynamoDbError.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
                    + (type.equals("S") ? "STRING" : type));
        }
        if (current != null && !current.has(type)) {
            throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
        }
        Set<String> union = new LinkedHashSet<>();
        if (current != null) {
            current.get(type).forEach(e -> union.add(e.asText()));
        }
        given.get(type).forEach(e -> union.add(e.asText()));
        ObjectNode result = Json.MAPPER.createObjectNode();
        ArrayNode array = result.putArray(type);
        union.forEach(array::add);
        return result;
    }

    private static JsonNode delete(JsonNode current, JsonNode given) {
        String type = DynamoDbValues.type(given);
        if (!Set.of("SS", "NS", "BS").contains(type)) {
            throw DynamoDbError.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE");
        }
        if (current == null) {
            return null;
        }
        Set<String> remaining = new LinkedHashSet<>();
        current.get(type).forEach(e -> remaining.add(e.asText()));
        given.get(type).forEach(e -> remaining.remove(e.asText()));
        if (remaining.isEmpty()) {
            return null;
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        ArrayNode array = result.putArray(type);
        remaining.forEach(array::add);
        return result;
    }

    private static boolean beginsWith(JsonNode value, JsonNode prefix) {
        if (value == null || prefix == null) {
            return false;
        }
        if (value.has("S") && prefix.has("S")) {
            return value.get("S").asText().startsWith(prefix.get("S").asText());
        }
        if (value.has("B") && prefix.has("B")) {
            byte[] bytes = java.util.Base64.getDecoder().decode(value.get("B").asText());
            byte[] start = java.util.Base64.getDecoder().decode(prefix.get("B").asText());
            return bytes.length >= start.length && java.util.Arrays.equals(bytes, 0, start.length, start, 0, start.length);
        }
        return false;
    }

    private static boolean contains(JsonNode value, JsonNode operand) {
        if (value == null || operand == null) {
            return false;
        }
        if (value.has("S") && operand.has("S")) {
            return value.get("S").asText().contains(operand.get("S").asText());
        }
        if (value.has("L")) {
            for (JsonNode element : value.get("L")) {
                if (DynamoDbValues.equal(element, operand)) {
                    return true;
                }
            }
            return false;
        }
        for (String set : List.of("SS", "NS", "BS")) {
            if (value.has(set) && operand.has(set.substring(0, 1))) {
                for (JsonNode element : value.get(set)) {
                    ObjectNode member = Json.MAPPER.createObjectNode().put(set.substring(0, 1), element.asText());
                    if (DynamoDbValues.equal(member, operand)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static JsonNode size(JsonNode value) {
        if (value == null) {
            return null;
        }
        String type = DynamoDbValues.type(value);
        JsonNode inner = value.get(type);
        long size = switch (type) {
            case "S" -> inner.asText().length();
            case "B" -> java.util.Base64.getDecoder().decode(inner.asText()).length;
            case "L", "M", "SS", "NS", "BS" -> inner.size();
            default -> -1;
        };
        return size < 0 ? null : number(BigDecimal.valueOf(size));
    }
}

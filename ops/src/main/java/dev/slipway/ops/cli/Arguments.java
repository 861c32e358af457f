package dev.slipway.ops.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line: words, {@code --flag}s and {@code --option value}s (or {@code --option=value}).
 */
final class Arguments {

  private final List<String> words = new ArrayList<>();
  private final Map<String, List<String>> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> used = new HashSet<>();

  /**
   * @param flagNames the options that take no value
   */
  Arguments(List<String> args, Set<String> flagNames) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      String name = arg.substring(2);
      int equals = name.indexOf('=');
      if (equals >= 0) {
        options
            .computeIfAbsent(name.substring(0, equals), any -> new ArrayList<>())
            .add(name.substring(equals + 1));
      } else if (flagNames.contains(name)) {
        flags.add(name);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        options.computeIfAbsent(name, any -> new ArrayList<>()).add(args.get(++i));
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
    }
  }

  List<String> words() {
    return words;
  }

  boolean flag(String name) {
    used.add(name);
    return flags.contains(name);
  }

  String option(String name) {
    List<String> values = options(name);
    if (values.size() > 1) {
      throw new UsageException("--" + name + " given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  List<String> options(String name) {
    used.add(name);
    return options.getOrDefault(name, List.of());
  }

  String required(String name) {
    String value = option(name);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  /**
   * @throws UsageException when an option was given that the command did not ask for
   */
  void rejectUnknown() {
    Set<String> unknown = new HashSet<>(options.keySet());
    unknown.addAll(flags);
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new UsageException(
          "unknown option(s): --" + String.join(", --", unknown.stream().sorted().toList()));
    }
  }
}

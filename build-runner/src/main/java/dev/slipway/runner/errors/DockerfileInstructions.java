package dev.slipway.runner.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The instructions of a Dockerfile with the line each starts on, numbered the way buildah counts
 * its steps: stage by stage (each {@code FROM} starts one), the {@code FROM} being step 1. Comments
 * and blank lines are skipped, also inside an instruction continued with a trailing backslash.
 */
final class DockerfileInstructions {

  /** One instruction, its continuation lines joined as buildah prints it. */
  record Instruction(int line, int stage, int step, String text) {

    /**
     * The instruction with runs of white space made one, to compare it with buildah's echo of it.
     */
    String normalized() {
      return normalize(text);
    }
  }

  private final List<Instruction> instructions;

  private DockerfileInstructions(List<Instruction> instructions) {
    this.instructions = instructions;
  }

  static DockerfileInstructions parse(String dockerfile) {
    List<Instruction> found = new ArrayList<>();
    String[] lines = dockerfile.split("\r?\n", -1);
    int stage = 0;
    int step = 0;
    StringBuilder text = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (text == null) {
        text = new StringBuilder();
        start = i + 1;
      }
      boolean continued = line.stripTrailing().endsWith("\\");
      text.append(
          continued ? line.stripTrailing().substring(0, line.stripTrailing().length() - 1) : line);
      if (!continued || i == lines.length - 1) {
        String instruction = text.toString().strip();
        if (keyword(instruction).equals("FROM")) {
          stage++;
          step = 0;
        }
        if (stage > 0) {
          step++;
        }
        found.add(new Instruction(start, stage, stage > 0 ? step : 0, instruction));
        text = null;
      }
    }
    return new DockerfileInstructions(List.copyOf(found));
  }

  /** The instruction of step {@code step} of stage {@code stage} (both from 1). */
  Optional<Instruction> at(int stage, int step) {
    return instructions.stream().filter(i -> i.stage() == stage && i.step() == step).findFirst();
  }

  /** The first instruction that reads {@code text}, white space aside. */
  Optional<Instruction> reading(String text) {
    String wanted = normalize(text);
    return instructions.stream().filter(i -> i.normalized().equals(wanted)).findFirst();
  }

  /** The first {@code FROM}. */
  Optional<Instruction> firstFrom() {
    return instructions.stream().filter(i -> keyword(i.text()).equals("FROM")).findFirst();
  }

  private static String keyword(String instruction) {
    int space = instruction.indexOf(' ');
    return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}

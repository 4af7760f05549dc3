// kg train, kg parse, kg eval-parse: the built-in UD pipeline
// (docs/models.md).
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/env.h"
#include "common/utf8.h"
#include "nlp/conllu.h"
#include "nlp/model_file.h"
#include "nlp/pipeline.h"
#include "nlp/train/parse_eval.h"
#include "nlp/train/trainer.h"

namespace kg::cli {
namespace {

constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

int InputExitCode(const Status& status) {
  return status.IsInvalidArgument() ? kExitUsage : kExitInput;
}

struct TrainFlags {
  std::vector<std::string> train;
  std::string dev;
  std::string out;
  std::string doc_licenses;
  std::vector<std::string> cluster_text;
  std::uint64_t seed = 1;
  int tagger_epochs = TaggerOptions().epochs;
  int parser_epochs = ParserOptions().epochs;
  int relabel_epochs = ParserOptions().relabel_epochs;
  int ensemble = ParserOptions().ensemble;
  int threads = 2;
  int explore_from = ParserOptions().explore_from_epoch;
  double explore_probability = ParserOptions().explore_probability;
  int jackknife = TrainOptions().jackknife_folds;
  // Pruning thresholds that keep data/models/en.kgm under 25 MB.
  float tagger_prune = 0.5f;
  float parser_prune = 1.05f;
};

void RunTrain(const TrainFlags& flags, int* exit_code) {
  TrainOptions options;
  options.train_files = flags.train;
  options.dev_file = flags.dev;
  options.doc_licenses = flags.doc_licenses;
  options.cluster_text = flags.cluster_text;
  options.seed = flags.seed;
  options.tagger.seed = flags.seed;
  options.parser.seed = flags.seed;
  options.tagger.epochs = flags.tagger_epochs;
  options.parser.epochs = flags.parser_epochs;
  options.parser.relabel_epochs = flags.relabel_epochs;
  options.parser.ensemble = flags.ensemble;
  options.parser.threads = flags.threads;
  options.parser.explore_from_epoch = flags.explore_from;
  options.parser.explore_probability = flags.explore_probability;
  options.jackknife_folds = flags.jackknife;
  options.tagger_prune = flags.tagger_prune;
  options.parser.prune = flags.parser_prune;
  std::string description = "trained on";
  for (const std::string& path : flags.train) description += " " + path;
  if (!flags.doc_licenses.empty()) {
    description += " (documents filtered by " + flags.doc_licenses + ")";
  }
  if (!flags.cluster_text.empty()) {
    description += "; word classes from the training words and";
    for (const std::string& path : flags.cluster_text)
      description += " " + path;
  }
  description += "; seed " + std::to_string(flags.seed);
  options.description = description;
  Result<UdModel> model = TrainUdModel(options, Env::Default(), &std::cerr);
  if (!model.ok()) {
    PrintError(model.status().ToString());
    *exit_code = InputExitCode(model.status());
    return;
  }
  if (Status s = SaveModel(*model, flags.out); !s.ok()) {
    PrintError(s.ToString());
    *exit_code = kExitInput;
    return;
  }
  std::cerr << "wrote " << flags.out << "\n";
}

// Loads `path`, or with an empty path the model in the data folder.
Result<Pipeline> LoadPipeline(const std::string& path, int* exit_code) {
  Result<Pipeline> pipeline =
      Pipeline::Load(path.empty() ? ModelPathIn(DataDir()) : path);
  if (!pipeline.ok()) {
    PrintError(pipeline.status().ToString());
    *exit_code = kExitInput;
  }
  return pipeline;
}

void RunParse(const std::string& file, bool conllu_input,
              const std::string& model_path, int* exit_code) {
  Result<Pipeline> pipeline = LoadPipeline(model_path, exit_code);
  if (!pipeline.ok()) return;
  if (conllu_input) {
    Result<std::vector<ConlluSentence>> sentences = ReadConllu(file);
    if (!sentences.ok()) {
      PrintError(sentences.status().ToString());
      *exit_code = kExitInput;
      return;
    }
    for (ConlluSentence& sentence : *sentences) pipeline->Annotate(&sentence);
    std::cout << WriteConllu(*sentences);
    return;
  }
  Result<std::string> text = Env::Default()->ReadFile(file, kMaxTextBytes);
  if (!text.ok()) {
    PrintError(text.status().WithContext(file).ToString());
    *exit_code = kExitInput;
    return;
  }
  if (LooksBinary(*text)) {
    PrintError(file + ": looks like binary data, not text");
    *exit_code = kExitInput;
    return;
  }
  RepairUtf8(&*text);
  // Sentence by sentence, so that output starts early and memory stays
  // bounded on big files.
  std::size_t sentence_number = 0;
  pipeline->ParseEach(*text, [&](ParsedSentence&& parsed) {
    std::vector<ConlluSentence> sentences =
        Pipeline::ToConllu({std::move(parsed)}, *text, "");
    sentences.front().comments.front() =
        "# sent_id = " + std::to_string(++sentence_number);
    std::cout << WriteConllu(sentences);
  });
}

void RunEval(const std::string& gold_path, bool raw,
             const std::string& model_path, int* exit_code) {
  Result<Pipeline> pipeline = LoadPipeline(model_path, exit_code);
  if (!pipeline.ok()) return;
  Result<std::vector<ConlluSentence>> gold = ReadConllu(gold_path);
  if (!gold.ok()) {
    PrintError(gold.status().ToString());
    *exit_code = kExitInput;
    return;
  }
  std::cout << (raw ? "raw text" : "gold tokenization") << ", " << gold_path
            << "\n"
            << FormatScores(EvaluatePipeline(*pipeline, *gold, raw));
}

}  // namespace

void RegisterParseCommands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* train =
      app.add_subcommand("train", "Train the UD tagger and parser model");
  train->add_option("--train", flags->train, "Training CoNLL-U files")
      ->required()
      ->delimiter(',');
  train->add_option("--dev", flags->dev, "Development CoNLL-U file");
  train->add_option("--out", flags->out, "Model file to write")->required();
  train->add_option("--doc-licenses", flags->doc_licenses,
                    "TSV (doc_id, no_NC_restriction): drop listed documents "
                    "not marked yes");
  train
      ->add_option("--cluster-text", flags->cluster_text,
                   "Plain-text files or folders to learn word classes from "
                   "(features of the tagger and parser)")
      ->delimiter(',');
  train->add_option("--seed", flags->seed, "Random seed");
  train->add_option("--tagger-epochs", flags->tagger_epochs,
                    "Passes of the tagger over the training data");
  train->add_option("--parser-epochs", flags->parser_epochs,
                    "Passes of the parser over the training data");
  train
      ->add_option("--relabel-epochs", flags->relabel_epochs,
                   "Epochs of the second-stage relabeler (0 = none)")
      ->check(CLI::NonNegativeNumber);
  train
      ->add_option("--parser-ensemble", flags->ensemble,
                   "Parsers trained with consecutive seeds and averaged into "
                   "one model")
      ->check(CLI::Range(1, 64));
  train
      ->add_option("--threads", flags->threads,
                   "Threads for the parser ensemble (the model does not "
                   "depend on it)")
      ->check(CLI::Range(1, 64));
  train
      ->add_option("--explore-from", flags->explore_from,
                   "First parser epoch (0-based) that follows its own "
                   "predictions (error exploration)")
      ->check(CLI::NonNegativeNumber);
  train
      ->add_option("--explore-probability", flags->explore_probability,
                   "How often an exploring parser epoch follows its own "
                   "prediction instead of the oracle's")
      ->check(CLI::Range(0.0, 1.0));
  train->add_option("--jackknife", flags->jackknife,
                    "Folds for predicted training tags (1 = gold tags)");
  train->add_option("--tagger-prune", flags->tagger_prune,
                    "Drop averaged tagger weights below this");
  train->add_option("--parser-prune", flags->parser_prune,
                    "Drop averaged parser weights below this");
  train->callback([flags, exit_code] { RunTrain(*flags, exit_code); });

  // Empty: the model in the data folder, known once --data-dir is parsed.
  auto model = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto conllu = std::make_shared<bool>(false);
  CLI::App* parse = app.add_subcommand(
      "parse", "Tokenize, tag and parse a text file; print CoNLL-U");
  parse->add_option("FILE", *file, "Plain text (or CoNLL-U with --conllu)")
      ->required();
  parse->add_flag("--conllu", *conllu, "FILE is CoNLL-U: keep its words");
  parse->add_option("--model", *model,
                    "Model file (default: models/en.kgm in the data folder)");
  parse->callback([=] { RunParse(*file, *conllu, *model, exit_code); });

  auto gold = std::make_shared<std::string>();
  auto raw = std::make_shared<bool>(false);
  CLI::App* eval = app.add_subcommand(
      "eval-parse", "Score the UD pipeline against a gold CoNLL-U file");
  eval->add_option("GOLD", *gold, "Gold CoNLL-U")->required();
  eval->add_flag("--raw", *raw, "Parse the sentence text, not gold words");
  eval->add_option("--model", *model,
                   "Model file (default: models/en.kgm in the data folder)");
  eval->callback([=] { RunEval(*gold, *raw, *model, exit_code); });
}

}  // namespace kg::cli

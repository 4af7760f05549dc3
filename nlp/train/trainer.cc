#include "nlp/train/trainer.h"

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <utility>

#include "common/split.h"
#include "nlp/tokenizer.h"
#include "nlp/word_form.h"

namespace kg {
namespace {

// Tags of `sentences` by `tagger`.
std::vector<Tagging> TagAll(const Tagger& tagger,
                            const std::vector<ConlluSentence>& sentences) {
  std::vector<Tagging> out(sentences.size());
  std::vector<std::string> forms;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    forms.clear();
    for (const ConlluWord& w : sentences[s].words) forms.push_back(w.form);
    tagger.Tag(forms, &out[s]);
  }
  return out;
}

// Tags each fold with a tagger trained on the other folds, mapped to the
// ids of `final_tagger` (a runner-up it never saw is dropped).
Result<std::vector<Tagging>> JackknifeTags(
    const std::vector<ConlluSentence>& train, const Tagger& final_tagger,
    const TaggerOptions& tagger_options, int folds, std::ostream* log) {
  std::vector<Tagging> tags(train.size());
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<ConlluSentence> rest;
    std::vector<std::size_t> held_out;
    for (std::size_t s = 0; s < train.size(); ++s) {
      if (static_cast<int>(s % folds) == fold) {
        held_out.push_back(s);
      } else {
        rest.push_back(train[s]);
      }
    }
    KG_ASSIGN_OR_RETURN(Tagger tagger,
                        Tagger::Train(rest, tagger_options, nullptr));
    const auto final_id = [&](int t) {
      return t < 0 ? -1 : final_tagger.TagId(tagger.Upos(t), tagger.Xpos(t));
    };
    std::vector<std::string> forms;
    for (std::size_t s : held_out) {
      forms.clear();
      for (const ConlluWord& w : train[s].words) forms.push_back(w.form);
      Tagging& tagging = tags[s];
      tagger.Tag(forms, &tagging);
      for (std::size_t i = 0; i < forms.size(); ++i) {
        tagging.tags[i] = std::max(0, final_id(tagging.tags[i]));
        tagging.runners_up[i] = final_id(tagging.runners_up[i]);
      }
    }
    if (log != nullptr) {
      *log << "jackknife fold " << fold + 1 << "/" << folds << " tagged\n"
           << std::flush;
    }
  }
  return tags;
}

// Word classes learned from the words of `train` and the sentences of the
// plain-text files (or folders) `paths`, split by `tokenizer`.
Result<WordClusters> LearnClusters(const std::vector<ConlluSentence>& train,
                                   const std::vector<std::string>& paths,
                                   const Tokenizer& tokenizer,
                                   const ClusterOptions& options, Env* env,
                                   std::ostream* log) {
  std::vector<std::vector<std::string>> sentences;
  for (const ConlluSentence& sentence : train) {
    sentences.emplace_back();
    for (const ConlluWord& w : sentence.words)
      sentences.back().push_back(w.form);
  }
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    if (!env->IsDirectory(path)) {
      files.push_back(path);
      continue;
    }
    KG_ASSIGN_OR_RETURN(std::vector<std::string> listed,
                        env->ListFilesRecursive(path));
    files.insert(files.end(), listed.begin(), listed.end());
  }
  std::size_t words = 0;
  for (const std::string& file : files) {
    KG_ASSIGN_OR_RETURN(std::string text, env->ReadFile(file, 1 << 30));
    for (const TokenizedSentence& t : tokenizer.Tokenize(text)) {
      sentences.emplace_back();
      for (const TokenWord& w : t.words) sentences.back().push_back(w.form);
      words += t.words.size();
    }
  }
  WordClusters clusters = WordClusters::Learn(sentences, options);
  if (log != nullptr) {
    *log << "word classes: " << clusters.size() << " words from "
         << sentences.size() << " sentences (" << files.size()
         << " text files, " << words << " words of them)\n";
  }
  return clusters;
}

}  // namespace

Result<std::vector<ConlluSentence>> FilterByDocLicense(
    std::vector<ConlluSentence> sentences, std::string_view licenses_tsv) {
  std::map<std::string, bool, std::less<>> allowed;
  int doc_column = -1;
  int flag_column = -1;
  std::size_t start = 0;
  while (start < licenses_tsv.size()) {
    std::size_t end = licenses_tsv.find('\n', start);
    if (end == std::string_view::npos) end = licenses_tsv.size();
    std::string_view line = licenses_tsv.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string_view> fields = Split(line, '\t');
    if (doc_column < 0) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "doc_id") doc_column = static_cast<int>(i);
        if (fields[i] == "no_NC_restriction") flag_column = static_cast<int>(i);
      }
      if (doc_column < 0 || flag_column < 0) {
        return Status::InputError(
            "licence TSV lacks doc_id and no_NC_restriction columns");
      }
      continue;
    }
    if (static_cast<int>(fields.size()) <= std::max(doc_column, flag_column)) {
      return Status::InputError("licence TSV has a short row");
    }
    allowed[std::string(fields[doc_column])] = fields[flag_column] == "yes";
  }
  std::vector<ConlluSentence> kept;
  bool keep = true;
  for (ConlluSentence& sentence : sentences) {
    const std::string doc = sentence.Comment("newdoc id");
    if (!doc.empty()) {
      auto it = allowed.find(doc);
      keep = it == allowed.end() || it->second;
    }
    if (keep) kept.push_back(std::move(sentence));
  }
  return kept;
}

std::set<std::string> LearnAbbreviations(
    const std::vector<ConlluSentence>& sentences) {
  std::set<std::string> out;
  for (const ConlluSentence& sentence : sentences) {
    for (const ConlluWord& w : sentence.words) {
      if (w.form.size() < 2 || w.form.back() != '.' || w.upos == "PUNCT") {
        continue;
      }
      bool has_letter = false;
      bool plain = true;
      for (char c : w.form) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        has_letter = has_letter || letter;
        plain = plain && (letter || c == '.');
      }
      if (has_letter && plain) out.insert(nlp::LowerAscii(w.form));
    }
  }
  return out;
}

Result<UdModel> TrainUdModel(const TrainOptions& options, Env* env,
                             std::ostream* log) {
  if (options.train_files.empty()) {
    return Status::InvalidArgument("train: no --train file");
  }
  std::string licenses;
  if (!options.doc_licenses.empty()) {
    Result<std::string> text = env->ReadFile(options.doc_licenses, 1 << 24);
    if (!text.ok()) return text.status();
    licenses = std::move(text).value();
  }
  std::vector<ConlluSentence> train;
  for (const std::string& path : options.train_files) {
    KG_ASSIGN_OR_RETURN(std::vector<ConlluSentence> sentences,
                        ReadConllu(path, env));
    const std::size_t before = sentences.size();
    if (!licenses.empty()) {
      Result<std::vector<ConlluSentence>> kept =
          FilterByDocLicense(std::move(sentences), licenses);
      if (!kept.ok()) return kept.status().WithContext(options.doc_licenses);
      sentences = std::move(kept).value();
    }
    if (log != nullptr) {
      *log << path << ": " << sentences.size() << " of " << before
           << " sentences kept\n";
    }
    for (ConlluSentence& s : sentences) train.push_back(std::move(s));
  }
  std::vector<ConlluSentence> dev;
  if (!options.dev_file.empty()) {
    KG_ASSIGN_OR_RETURN(dev, ReadConllu(options.dev_file, env));
  }

  UdModel model;
  model.description = options.description;
  model.tokenizer.extra_abbreviations = LearnAbbreviations(train);
  model.lemmatizer = Lemmatizer::Train(train);
  TaggerOptions tagger_options = options.tagger;
  ParserOptions parser_options = options.parser;
  if (!options.cluster_text.empty()) {
    KG_ASSIGN_OR_RETURN(
        WordClusters clusters,
        LearnClusters(train, options.cluster_text, Tokenizer(model.tokenizer),
                      options.clusters, env, log));
    tagger_options.clusters =
        std::make_shared<const WordClusters>(std::move(clusters));
    parser_options.clusters = tagger_options.clusters;
  }
  KG_ASSIGN_OR_RETURN(model.tagger, Tagger::Train(train, tagger_options, log));
  if (options.tagger_prune > 0) model.tagger.Prune(options.tagger_prune);
  if (log != nullptr && !dev.empty()) {
    *log << "tagger dev accuracy (UPOS+XPOS): "
         << 100.0 * model.tagger.Accuracy(dev) << "%\n";
  }
  std::vector<Tagging> train_tags;
  if (options.jackknife_folds > 1) {
    KG_ASSIGN_OR_RETURN(train_tags,
                        JackknifeTags(train, model.tagger, tagger_options,
                                      options.jackknife_folds, log));
  } else {
    // Gold tags, of which the tagger is sure.
    for (const ConlluSentence& sentence : train) {
      Tagging tagging;
      for (const ConlluWord& w : sentence.words) {
        tagging.tags.push_back(std::max(0, model.tagger.TagId(w.upos, w.xpos)));
      }
      train_tags.push_back(std::move(tagging));
    }
  }
  const std::vector<Tagging> dev_tags = TagAll(model.tagger, dev);
  KG_ASSIGN_OR_RETURN(
      model.parser,
      DepParser::Train(train, train_tags, dev.empty() ? nullptr : &dev,
                       dev.empty() ? nullptr : &dev_tags, parser_options, log));
  return model;
}

}  // namespace kg

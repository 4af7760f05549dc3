#include "nlp/pipeline.h"

#include <utility>

namespace kg {

Pipeline::Pipeline(UdModel model)
    : model_(std::make_shared<const UdModel>(std::move(model))),
      tokenizer_(model_->tokenizer) {}

Result<Pipeline> Pipeline::Load(const std::string& path, Env* env) {
  KG_ASSIGN_OR_RETURN(UdModel model, LoadModel(path, env));
  return Pipeline(std::move(model));
}

void Pipeline::Analyse(const std::vector<std::string>& forms,
                       std::vector<ParsedWord>* words) const {
  Tagging tagging;
  model_->tagger.Tag(forms, &tagging);
  const ParseTree tree = model_->parser.Parse(forms, tagging);
  const std::vector<int>& tags = tagging.tags;
  words->resize(forms.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    ParsedWord& w = (*words)[i];
    w.form = forms[i];
    w.upos = model_->tagger.Upos(tags[i]);
    w.xpos = model_->tagger.Xpos(tags[i]);
    w.lemma = model_->lemmatizer.Lemmatize(w.form, w.upos, w.xpos);
    w.head = tree.heads[i];
    w.deprel = tree.labels[i];
  }
}

ParsedSentence Pipeline::ParseSentence(const TokenizedSentence& sentence,
                                       std::size_t offset,
                                       std::vector<std::string>* forms) const {
  forms->clear();
  for (const TokenWord& w : sentence.words) forms->push_back(w.form);
  ParsedSentence parsed;
  parsed.start = sentence.start + offset;
  parsed.end = sentence.end + offset;
  Analyse(*forms, &parsed.words);
  for (std::size_t i = 0; i < forms->size(); ++i) {
    parsed.words[i].start = sentence.words[i].start + offset;
    parsed.words[i].end = sentence.words[i].end + offset;
    parsed.words[i].token_start = sentence.words[i].token_start + offset;
    parsed.words[i].token_end = sentence.words[i].token_end + offset;
  }
  return parsed;
}

std::vector<ParsedSentence> Pipeline::Parse(std::string_view text) const {
  std::vector<ParsedSentence> out;
  std::vector<std::string> forms;
  for (const TokenizedSentence& sentence : tokenizer_.Tokenize(text)) {
    out.push_back(ParseSentence(sentence, 0, &forms));
  }
  return out;
}

void Pipeline::ParseEach(
    std::string_view text,
    const std::function<void(ParsedSentence&&)>& sink) const {
  std::vector<std::string> forms;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.size();
    if (text.size() - begin > kPieceBytes) {
      const std::size_t newline = text.find('\n', begin + kPieceBytes);
      if (newline != std::string_view::npos) end = newline + 1;
    }
    const std::vector<TokenizedSentence> sentences =
        tokenizer_.Tokenize(text.substr(begin, end - begin));
    std::size_t keep = sentences.size();
    if (end < text.size() && keep > 1) --keep;
    for (std::size_t k = 0; k < keep; ++k) {
      sink(ParseSentence(sentences[k], begin, &forms));
    }
    begin = keep < sentences.size() ? begin + sentences[keep].start : end;
  }
}

void Pipeline::Annotate(ConlluSentence* sentence) const {
  std::vector<std::string> forms;
  for (const ConlluWord& w : sentence->words) forms.push_back(w.form);
  std::vector<ParsedWord> words;
  Analyse(forms, &words);
  for (std::size_t i = 0; i < forms.size(); ++i) {
    ConlluWord& w = sentence->words[i];
    w.lemma = words[i].lemma;
    w.upos = words[i].upos;
    w.xpos = words[i].xpos;
    w.head = words[i].head;
    w.deprel = words[i].deprel;
  }
}

std::vector<ConlluSentence> Pipeline::ToConllu(
    const std::vector<ParsedSentence>& sentences, std::string_view text,
    const std::string& sent_id_prefix) {
  std::vector<ConlluSentence> out;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const ParsedSentence& parsed = sentences[s];
    ConlluSentence sentence;
    sentence.comments.push_back("# sent_id = " + sent_id_prefix +
                                std::to_string(s + 1));
    std::string line(text.substr(parsed.start, parsed.end - parsed.start));
    for (char& c : line) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    }
    sentence.comments.push_back("# text = " + line);
    const auto& words = parsed.words;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const ParsedWord& w = words[i];
      std::size_t last = i;
      while (last + 1 < words.size() &&
             words[last + 1].token_start == w.token_start) {
        ++last;
      }
      const bool first_of_token =
          i == 0 || words[i - 1].token_start != w.token_start;
      const bool glued = i + 1 < words.size() &&
                         words[last].token_end == words[last + 1].token_start;
      const std::string space = glued ? "SpaceAfter=No" : "_";
      if (first_of_token && last > i) {
        sentence.multiwords.push_back(ConlluMultiword{
            static_cast<int>(i) + 1, static_cast<int>(last) + 1,
            std::to_string(i + 1) + "-" + std::to_string(last + 1) + "\t" +
                std::string(
                    text.substr(w.token_start, w.token_end - w.token_start)) +
                "\t_\t_\t_\t_\t_\t_\t_\t" + space});
      }
      ConlluWord word;
      word.form = w.form;
      word.lemma = w.lemma;
      word.upos = w.upos;
      word.xpos = w.xpos;
      word.head = w.head;
      word.deprel = w.deprel;
      const bool in_multiword = last > i || !first_of_token;
      word.misc = in_multiword ? "_" : space;
      sentence.words.push_back(std::move(word));
    }
    out.push_back(std::move(sentence));
  }
  return out;
}

}  // namespace kg

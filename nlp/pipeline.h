// kg's English UD pipeline: tokenize, tag (UPOS/XPOS), lemmatize and parse
// a text with one model file.
//
//   KG_ASSIGN_OR_RETURN(kg::Pipeline pipeline, kg::Pipeline::Load(path));
//   for (const kg::ParsedSentence& s : pipeline.Parse(text)) ...
//
// Thread-safety: a Pipeline is immutable after Load; Parse and Annotate
// may run on several threads at once. Copies share the model.
#ifndef KG_NLP_PIPELINE_H_
#define KG_NLP_PIPELINE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "nlp/conllu.h"
#include "nlp/model_file.h"
#include "nlp/tokenizer.h"

namespace kg {

struct ParsedWord {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  int head = 0;  // 1-based index of the head word in the sentence; 0 = root.
  std::string deprel;     // Full UD relation, with subtype ("nsubj:pass").
  std::size_t start = 0;  // Byte offsets into the parsed text.
  std::size_t end = 0;
  std::size_t token_start = 0;  // Span of the surface (multiword) token.
  std::size_t token_end = 0;
};

struct ParsedSentence {
  std::size_t start = 0;  // Byte span in the parsed text.
  std::size_t end = 0;
  std::vector<ParsedWord> words;
};

class Pipeline {
 public:
  explicit Pipeline(UdModel model);

  // Loads a model file (see model_file.h); DefaultModelPath() by default.
  static Result<Pipeline> Load(const std::string& path = DefaultModelPath(),
                               Env* env = Env::Default());

  // Tokenizes, tags, lemmatizes and parses `text` (any bytes; see
  // tokenizer.h). Never fails. Holds every parsed word of `text` at once:
  // for big texts use ParseEach.
  std::vector<ParsedSentence> Parse(std::string_view text) const;

  // Like Parse, but hands each sentence to `sink` as soon as it is parsed
  // and tokenizes `text` in pieces of about kPieceBytes cut at line breaks,
  // so memory stays bounded whatever the size of `text`. A piece's last
  // sentence is carried over into the next piece, so sentences that run
  // across a cut are not split. Offsets are into `text`.
  void ParseEach(std::string_view text,
                 const std::function<void(ParsedSentence&&)>& sink) const;
  static constexpr std::size_t kPieceBytes = std::size_t{1} << 16;

  // Fills LEMMA, UPOS, XPOS, HEAD and DEPREL of the words of `sentence`
  // from their FORMs (gold tokenization). Other columns are kept.
  void Annotate(ConlluSentence* sentence) const;

  // CoNLL-U for sentences parsed from `text`: "# sent_id = <prefix><n>",
  // "# text", multiword tokens and SpaceAfter=No.
  static std::vector<ConlluSentence> ToConllu(
      const std::vector<ParsedSentence>& sentences, std::string_view text,
      const std::string& sent_id_prefix);

  const UdModel& model() const { return *model_; }

 private:
  void Analyse(const std::vector<std::string>& forms,
               std::vector<ParsedWord>* words) const;
  // Parses one tokenized sentence; offsets are shifted by `offset`.
  ParsedSentence ParseSentence(const TokenizedSentence& sentence,
                               std::size_t offset,
                               std::vector<std::string>* forms) const;

  std::shared_ptr<const UdModel> model_;
  Tokenizer tokenizer_;
};

}  // namespace kg

#endif  // KG_NLP_PIPELINE_H_

"""transformers.BertModel rebuilt with plain PyTorch (transformers is not installable here):
same module tree, attribute and buffer names, and the same traced operations, so the traced
file looks like the one users make with `torch.jit.trace(BertModel(config), [tokens, segments])`.
"""

import math

import torch
from torch import nn


class BertConfig:
    def __init__(self, vocab_size, hidden_size, num_hidden_layers, num_attention_heads,
                 intermediate_size, max_position_embeddings, type_vocab_size=2,
                 hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
                 layer_norm_eps=1e-12, initializer_range=0.02, attention="eager"):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.layer_norm_eps = layer_norm_eps
        self.initializer_range = initializer_range
        self.attention = attention  # "eager" (matmul/softmax) or "sdpa"


TINY = dict(vocab_size=1000, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=128, max_position_embeddings=64)
BASE = dict(vocab_size=32000, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
            intermediate_size=3072, max_position_embeddings=512)

# bert-base-uncased ids of "[CLS] who was jim henson ? [SEP] jim [MASK] was a puppet ##eer [SEP]"
# (the seeds' sentence with index 8 masked; all ids are below BertConfig's vocab of 32000).
SEED_TOKEN_IDS = [101, 2040, 2001, 3958, 27227, 1029, 102, 3958, 103, 2001, 1037, 13997, 8671, 102]
SEED_SEGMENT_IDS = [0] * 7 + [1] * 7


def seed_tokens(vocab_size):
    """The seed sentence's ids, folded into a smaller fake vocabulary (id % vocab_size) for the
    tiny model; unchanged for vocab 32000."""
    return torch.tensor([[i % vocab_size for i in SEED_TOKEN_IDS]], dtype=torch.long)


def seed_segments():
    return torch.tensor([SEED_SEGMENT_IDS], dtype=torch.long)


def has_sdpa():
    return hasattr(nn.functional, "scaled_dot_product_attention")


class BertEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.register_buffer("position_ids",
                             torch.arange(config.max_position_embeddings).expand((1, -1)),
                             persistent=False)
        self.register_buffer("token_type_ids",
                             torch.zeros(self.position_ids.size(), dtype=torch.long),
                             persistent=False)

    def forward(self, input_ids, token_type_ids=None):
        input_shape = input_ids.size()
        seq_length = input_shape[1]
        position_ids = self.position_ids[:, 0:seq_length]
        if token_type_ids is None:
            buffered_token_type_ids = self.token_type_ids[:, :seq_length]
            token_type_ids = buffered_token_type_ids.expand(input_shape[0], seq_length)
        inputs_embeds = self.word_embeddings(input_ids)
        token_type_embeddings = self.token_type_embeddings(token_type_ids)
        embeddings = inputs_embeds + token_type_embeddings
        position_embeddings = self.position_embeddings(position_ids)
        embeddings += position_embeddings
        embeddings = self.LayerNorm(embeddings)
        embeddings = self.dropout(embeddings)
        return embeddings


class BertSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_attention_heads = config.num_attention_heads
        self.attention_head_size = config.hidden_size // config.num_attention_heads
        self.all_head_size = self.num_attention_heads * self.attention_head_size
        self.query = nn.Linear(config.hidden_size, self.all_head_size)
        self.key = nn.Linear(config.hidden_size, self.all_head_size)
        self.value = nn.Linear(config.hidden_size, self.all_head_size)
        self.dropout = nn.Dropout(config.attention_probs_dropout_prob)
        self.use_sdpa = config.attention == "sdpa"
        self.dropout_prob = config.attention_probs_dropout_prob

    def transpose_for_scores(self, x):
        new_x_shape = x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)
        x = x.view(new_x_shape)
        return x.permute(0, 2, 1, 3)

    def forward(self, hidden_states, attention_mask):
        mixed_query_layer = self.query(hidden_states)
        key_layer = self.transpose_for_scores(self.key(hidden_states))
        value_layer = self.transpose_for_scores(self.value(hidden_states))
        query_layer = self.transpose_for_scores(mixed_query_layer)
        if self.use_sdpa:
            context_layer = nn.functional.scaled_dot_product_attention(
                query_layer, key_layer, value_layer, attn_mask=attention_mask,
                dropout_p=self.dropout_prob if self.training else 0.0, is_causal=False)
        else:
            attention_scores = torch.matmul(query_layer, key_layer.transpose(-1, -2))
            attention_scores = attention_scores / math.sqrt(self.attention_head_size)
            attention_scores = attention_scores + attention_mask
            attention_probs = nn.functional.softmax(attention_scores, dim=-1)
            attention_probs = self.dropout(attention_probs)
            context_layer = torch.matmul(attention_probs, value_layer)
        context_layer = context_layer.permute(0, 2, 1, 3).contiguous()
        new_context_layer_shape = context_layer.size()[:-2] + (self.all_head_size,)
        context_layer = context_layer.view(new_context_layer_shape)
        return (context_layer,)


class BertSelfOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        hidden_states = self.dense(hidden_states)
        hidden_states = self.dropout(hidden_states)
        hidden_states = self.LayerNorm(hidden_states + input_tensor)
        return hidden_states


class BertAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, hidden_states, attention_mask):
        self_outputs = self.self(hidden_states, attention_mask)
        attention_output = self.output(self_outputs[0], hidden_states)
        return (attention_output,) + self_outputs[1:]


class BertIntermediate(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, hidden_states):
        # transformers' GELUActivation: the exact (erf) form.
        return nn.functional.gelu(self.dense(hidden_states))


class BertOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        hidden_states = self.dense(hidden_states)
        hidden_states = self.dropout(hidden_states)
        hidden_states = self.LayerNorm(hidden_states + input_tensor)
        return hidden_states


class BertLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, hidden_states, attention_mask):
        attention_outputs = self.attention(hidden_states, attention_mask)
        attention_output = attention_outputs[0]
        intermediate_output = self.intermediate(attention_output)
        layer_output = self.output(intermediate_output, attention_output)
        return (layer_output,) + attention_outputs[1:]


class BertEncoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, hidden_states, attention_mask):
        for layer_module in self.layer:
            hidden_states = layer_module(hidden_states, attention_mask)[0]
        return (hidden_states,)


class BertPooler(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden_states):
        first_token_tensor = hidden_states[:, 0]
        return self.activation(self.dense(first_token_tensor))


class BertModel(nn.Module):
    """forward(input_ids, token_type_ids, attention_mask) -> (last_hidden_state, pooled_output)."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        std = self.config.initializer_range
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=std)
            module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=std)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.run(input_ids, token_type_ids, attention_mask)

    def run(self, input_ids, token_type_ids, attention_mask):
        input_shape = input_ids.size()
        batch_size, seq_length = input_shape
        if attention_mask is None:
            attention_mask = torch.ones((batch_size, seq_length), device=input_ids.device)
        extended_attention_mask = attention_mask[:, None, None, :]
        extended_attention_mask = extended_attention_mask.to(dtype=torch.float32)
        extended_attention_mask = (1.0 - extended_attention_mask) * torch.finfo(torch.float32).min
        embedding_output = self.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        sequence_output = self.encoder(embedding_output, extended_attention_mask)[0]
        pooled_output = self.pooler(sequence_output)
        return (sequence_output, pooled_output)


class HFOrderBertModel(BertModel):
    """transformers.BertModel's real argument order (input_ids, attention_mask, token_type_ids):
    the documented `trace(model, [tokens, segments])` passes the segment ids as the attention
    mask, and token types then come from the embeddings' `token_type_ids` buffer."""

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        return self.run(input_ids, token_type_ids, attention_mask)


# TorchScript names classes after their Python module: use transformers' module path so the
# archive's code/ tree matches a real traced transformers.BertModel.
for _cls in (BertEmbeddings, BertSelfAttention, BertSelfOutput, BertAttention, BertIntermediate,
             BertOutput, BertLayer, BertEncoder, BertPooler, BertModel, HFOrderBertModel):
    _cls.__module__ = "transformers.models.bert.modeling_bert"


def traced_bert(config_kwargs, seq_length=14, hf_argument_order=False, attention="eager", seed=0):
    """Returns (traced module, example inputs) traced like the transformers documentation."""
    torch.manual_seed(seed)
    config = BertConfig(attention=attention, **config_kwargs)
    model = (HFOrderBertModel if hf_argument_order else BertModel)(config).eval()
    if seq_length == len(SEED_TOKEN_IDS):
        tokens, segments = seed_tokens(config.vocab_size), seed_segments()
    else:
        generator = torch.Generator().manual_seed(seed + 1)
        tokens = torch.randint(1, config.vocab_size, (1, seq_length), generator=generator)
        segments = torch.cat([torch.zeros(1, seq_length // 2, dtype=torch.long),
                              torch.ones(1, seq_length - seq_length // 2, dtype=torch.long)], dim=1)
    with torch.no_grad():
        traced = torch.jit.trace(model, (tokens, segments))
    return traced, [tokens, segments]


def add_to_corpus(corpus, bert_base):
    """The tiny models always; the BERT-base files (~440 MB each) only when asked."""
    traced, inputs = traced_bert(TINY)
    corpus.add_model("bert_tiny_traced", traced, "traced", inputs,
                     "HF-faithful BertModel, tiny config (2 layers, hidden 64, 4 heads), traced "
                     "with the seed sentence's 14 ids folded into vocab 1000 and segments [0]*7+[1]*7")
    traced, inputs = traced_bert(TINY, hf_argument_order=True)
    corpus.add_model("bert_tiny_hf_argorder_traced", traced, "traced", inputs,
                     "tiny BertModel with transformers' argument order (input_ids, attention_mask): "
                     "the segment ids act as attention mask, token types come from the buffer")
    if has_sdpa():
        traced, inputs = traced_bert(TINY, attention="sdpa")
        corpus.add_model("bert_tiny_sdpa_traced", traced, "traced", inputs,
                         "tiny BertModel whose attention calls scaled_dot_product_attention")
    else:
        print(f"bert: skipping the scaled_dot_product_attention variant: torch {torch.__version__} "
              "has no torch.nn.functional.scaled_dot_product_attention")
    if bert_base:
        traced, inputs = traced_bert(BASE)
        corpus.add_model("traced_bert", traced, "traced", inputs,
                         "BERT-base shape (vocab 32000, 12 layers, hidden 768), seed sentence ids")
        traced, inputs = traced_bert(BASE, seq_length=128)
        corpus.add_model("traced_bert_seq128", traced, "traced", inputs,
                         "BERT-base shape traced at batch 1, sequence 128 (benchmarks)")

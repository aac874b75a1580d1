"""Export a PyTorch model's state dict as JSON that src/models/stateDict.ts loads (`loadStateDict`).

    /usr/bin/python3 scripts/torch_state_dict.py model_state.pt out.json

reads a file written by `torch.save(model.state_dict(), "model_state.pt")`. From Python:

    from torch_state_dict import state_dict_json
    json.dump(state_dict_json(model), open("out.json", "w"))

The format is `{name: tensor.tolist()}`: nested lists whose nesting is the shape. Names stay
PyTorch's ("lstm.weight_ih_l0", "fc.bias"); a forecaster here names its recurrent stack `lstm`,
`gru` or `rnn` and its head `fc`.
"""
import json
import sys


def state_dict_json(module_or_state):
    state = module_or_state.state_dict() if hasattr(module_or_state, "state_dict") else module_or_state
    return {name: tensor.detach().float().tolist() for name, tensor in state.items()}


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    import torch

    state = torch.load(argv[1], map_location="cpu")
    with open(argv[2], "w") as out:
        json.dump(state_dict_json(state), out)
    print(f"wrote {len(state)} tensors to {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

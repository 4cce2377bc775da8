/* nrt-codegen-pytorch-train.c: writes the loss, accuracy, optimizer and
 * training loop of the PyTorch script. Each follows Neurite's core:
 * nrt-ops-loss.c, nrt-metrics.c, nrt-optimizer.c and nrt-fit.c. */
#include "config.h"

#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-codegen-private.h"

/* Appends loss_function(outputs, targets) and targets_tensor(y). */
static void
append_loss (GString *code, const NrtLossConfig *loss)
{
  g_string_append (code, "\n\n");
  switch (loss->kind)
    {
    case NRT_LOSS_MEAN_SQUARED_ERROR:
      g_string_append (code,
        "# mean_squared_error: the mean of (output - target)^2 over all elements.\n"
        "loss_function = nn.MSELoss()\n");
      break;

    case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
      g_string_append (code,
        "# mean_absolute_error: the mean of |output - target| over all elements.\n"
        "loss_function = nn.L1Loss()\n");
      break;

    case NRT_LOSS_HUBER:
      g_string_append (code,
        "# Keras's huber with delta 1: 0.5 d^2 for |d| <= 1 and |d| - 0.5 beyond,\n"
        "# d = output - target, averaged over all elements.\n"
        "loss_function = nn.HuberLoss(delta=1.0)\n");
      break;

    case NRT_LOSS_BINARY_CROSSENTROPY:
      if (loss->from_logits)
        g_string_append (code,
          "# binary_crossentropy on logits z: max(z, 0) - z t + log(1 + exp(-|z|)),\n"
          "# averaged over all elements.\n"
          "loss_function = nn.BCEWithLogitsLoss()\n");
      else
        g_string_append (code,
          "# binary_crossentropy on probabilities, as Keras computes it: the outputs\n"
          "# are clipped to [CLIP_EPSILON, 1 - CLIP_EPSILON] before the logarithm.\n"
          "# nn.BCELoss clamps the logarithm at -100 instead, which gives other\n"
          "# values and gradients for saturated outputs.\n"
          "CLIP_EPSILON = 1e-7\n"
          "\n"
          "\n"
          "def loss_function(outputs, targets):\n"
          "    q = torch.clamp(outputs, CLIP_EPSILON, 1.0 - CLIP_EPSILON)\n"
          "    return -torch.mean(targets * torch.log(q) + (1.0 - targets) * torch.log(1.0 - q))\n");
      break;

    case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
    case NRT_LOSS_COUNT:
    default:
      if (loss->from_logits)
        g_string_append (code,
          "# sparse_categorical_crossentropy on logits z: logsumexp(z) - z[label],\n"
          "# averaged over the samples.\n"
          "loss_function = nn.CrossEntropyLoss()\n");
      else
        g_string_append (code,
          "# sparse_categorical_crossentropy on probabilities, as Keras computes it:\n"
          "# each row is divided by its sum, and the label's probability is clipped\n"
          "# to [CLIP_EPSILON, 1 - CLIP_EPSILON] before the logarithm. nn.NLLLoss on\n"
          "# the logarithm would not clip.\n"
          "CLIP_EPSILON = 1e-7\n"
          "\n"
          "\n"
          "def loss_function(outputs, targets):\n"
          "    probabilities = outputs / outputs.sum(dim=1, keepdim=True)\n"
          "    q = probabilities.gather(1, targets.unsqueeze(1))\n"
          "    return -torch.mean(torch.log(torch.clamp(q, CLIP_EPSILON, 1.0 - CLIP_EPSILON)))\n");
      break;
    }

  g_string_append (code,
    "\n"
    "\n"
    "def targets_tensor(y):\n"
    "    \"\"\"Return the targets y, float32 of shape (samples, targets), as the\n"
    "    loss takes them.\"\"\"\n");
  if (loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    g_string_append (code, "    return torch.from_numpy(y[:, 0]).long()\n");
  else
    g_string_append (code, "    return torch.from_numpy(y)\n");
}

/* Appends HAS_ACCURACY and, for a cross-entropy, count_correct() with the
 * rule of nrt_metrics_sum_accuracy. */
static void
append_accuracy (GString *code, const NrtLossConfig *loss)
{
  if (!nrt_loss_is_crossentropy (loss->kind))
    {
      g_string_append (code, "\n\nHAS_ACCURACY = False\n");
      return;
    }

  g_string_append (code,
    "\n"
    "\n"
    "HAS_ACCURACY = True\n"
    "\n"
    "\n"
    "def count_correct(outputs, targets):\n");
  if (loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    g_string_append (code,
      "    \"\"\"Return how many samples have their label as the largest output.\"\"\"\n"
      "    return (outputs.argmax(dim=1) == targets).sum().item()\n");
  else
    g_string_append_printf (code,
      "    \"\"\"Return the sum over the samples of the fraction of units right: an\n"
      "    output above %s counts as 1, as Keras's binary_accuracy does.\"\"\"\n"
      "    predicted = (outputs > %s).float()\n"
      "    return (predicted == targets).float().mean(dim=1).sum().item()\n",
      loss->from_logits ? "0 (a logit)" : "0.5", loss->from_logits ? "0.0" : "0.5");
}

static void
append_sgd (GString *code, const NrtOptimizerConfig *config)
{
  g_string_append (code,
    "\n"
    "\n"
    "# SGD as Keras and Neurite update: velocity = momentum velocity - lr g, then\n"
    "# p = p + velocity. torch.optim.SGD keeps b = momentum b + g and steps\n"
    "# p = p - lr b, so velocity = -lr b, and with a constant learning rate the\n"
    "# two forms take the same steps.\n");
  nrt_codegen_append_float_constant (code, "LEARNING_RATE", config->learning_rate);
  nrt_codegen_append_float_constant (code, "MOMENTUM", config->momentum);
  g_string_append (code,
    "\n"
    "\n"
    "def create_optimizer(model):\n"
    "    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)\n"
    "\n"
    "\n"
    "def load_optimizer_state(model, optimizer, arrays):\n"
    "    \"\"\"Set the momentum buffers from the array \"optimizer/velocity\" of\n"
    "    `neurite-cli export-weights --optimizer-state`. Returns whether the\n"
    "    archive has it.\"\"\"\n"
    "    if \"optimizer/velocity\" not in arrays:\n"
    "        return False\n"
    "    for parameter, velocity in split_flat(model, arrays[\"optimizer/velocity\"]):\n"
    "        optimizer.state[parameter][\"momentum_buffer\"] = velocity / -LEARNING_RATE\n"
    "    return True\n");
}

static void
append_adam (GString *code, const NrtOptimizerConfig *config)
{
  g_string_append (code,
    "\n"
    "\n"
    "class KerasAdam(torch.optim.Optimizer):\n"
    "    \"\"\"Adam with the update of Keras and Neurite:\n"
    "\n"
    "        m = beta_1 m + (1 - beta_1) g,  v = beta_2 v + (1 - beta_2) g^2,\n"
    "        lr_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t),\n"
    "        p = p - lr_t m / (sqrt(v) + epsilon).\n"
    "\n"
    "    torch.optim.Adam adds epsilon to sqrt(v / (1 - beta_2^t)) instead, which\n"
    "    takes other steps while v is small, so this class implements Keras's\n"
    "    form.\n"
    "    \"\"\"\n"
    "\n"
    "    def __init__(self, params, lr, beta_1, beta_2, epsilon):\n"
    "        super().__init__(params, {\"lr\": lr, \"beta_1\": beta_1, \"beta_2\": beta_2,\n"
    "                                  \"epsilon\": epsilon})\n"
    "\n"
    "    @torch.no_grad()\n"
    "    def step(self):\n"
    "        for group in self.param_groups:\n"
    "            beta_1, beta_2 = group[\"beta_1\"], group[\"beta_2\"]\n"
    "            for p in group[\"params\"]:\n"
    "                if p.grad is None:\n"
    "                    continue\n"
    "                state = self.state[p]\n"
    "                if not state:\n"
    "                    state[\"step\"] = 0\n"
    "                    state[\"m\"] = torch.zeros_like(p)\n"
    "                    state[\"v\"] = torch.zeros_like(p)\n"
    "                state[\"step\"] += 1\n"
    "                t = state[\"step\"]\n"
    "                m, v = state[\"m\"], state[\"v\"]\n"
    "                m.mul_(beta_1).add_(p.grad, alpha=1.0 - beta_1)\n"
    "                v.mul_(beta_2).addcmul_(p.grad, p.grad, value=1.0 - beta_2)\n"
    "                lr_t = group[\"lr\"] * math.sqrt(1.0 - beta_2 ** t) / (1.0 - beta_1 ** t)\n"
    "                p.addcdiv_(m, v.sqrt().add_(group[\"epsilon\"]), value=-lr_t)\n"
    "\n"
    "\n");
  nrt_codegen_append_float_constant (code, "LEARNING_RATE", config->learning_rate);
  nrt_codegen_append_float_constant (code, "BETA_1", config->beta_1);
  nrt_codegen_append_float_constant (code, "BETA_2", config->beta_2);
  nrt_codegen_append_float_constant (code, "EPSILON", config->epsilon);
  g_string_append (code,
    "\n"
    "\n"
    "def create_optimizer(model):\n"
    "    return KerasAdam(model.parameters(), lr=LEARNING_RATE, beta_1=BETA_1,\n"
    "                     beta_2=BETA_2, epsilon=EPSILON)\n"
    "\n"
    "\n"
    "def load_optimizer_state(model, optimizer, arrays):\n"
    "    \"\"\"Set the moments and the step count from the arrays \"optimizer/m\",\n"
    "    \"optimizer/v\" and \"optimizer/iterations\" of `neurite-cli\n"
    "    export-weights --optimizer-state`. Returns whether the archive has\n"
    "    them.\"\"\"\n"
    "    if \"optimizer/m\" not in arrays:\n"
    "        return False\n"
    "    iterations = int(arrays[\"optimizer/iterations\"][0])\n"
    "    moments = zip(split_flat(model, arrays[\"optimizer/m\"]),\n"
    "                  split_flat(model, arrays[\"optimizer/v\"]))\n"
    "    for (parameter, m), (_, v) in moments:\n"
    "        optimizer.state[parameter].update(step=iterations, m=m, v=v)\n"
    "    return True\n");
}

void
nrt_codegen_pytorch_append_training (GString *code, NrtModel *model)
{
  const NrtLossConfig *loss = nrt_model_get_loss (model);
  const NrtOptimizerConfig *optimizer;

  g_return_if_fail (loss != NULL);

  optimizer = nrt_optimizer_get_config (nrt_model_get_optimizer (model));
  append_loss (code, loss);
  append_accuracy (code, loss);
  if (optimizer->kind == NRT_OPTIMIZER_ADAM)
    append_adam (code, optimizer);
  else
    append_sgd (code, optimizer);

  g_string_append (code,
    "\n"
    "\n"
    "def evaluate(model, x, y):\n"
    "    \"\"\"Return the validation logs of x and y: the mean loss over the\n"
    "    samples and, for classes, the accuracy.\"\"\"\n"
    "    model.eval()\n"
    "    with torch.no_grad():\n"
    "        targets = targets_tensor(y)\n"
    "        outputs = model(torch.from_numpy(x))\n"
    "        logs = [f\"val_loss: {loss_function(outputs, targets).item():.7g}\"]\n"
    "        if HAS_ACCURACY:\n"
    "            logs.append(f\"val_accuracy: {count_correct(outputs, targets) / len(x):.7g}\")\n"
    "    return logs\n"
    "\n"
    "\n"
    "def run_epochs(model, optimizer, data, epochs):\n"
    "    \"\"\"Train model on data and print each epoch's loss as Neurite reports\n"
    "    it: the sum of the batch losses, each times its batch size, divided by\n"
    "    the number of training samples.\"\"\"\n"
    "    (x_train, y_train), (x_val, y_val) = split_data(data)\n"
    "    x_train = torch.from_numpy(x_train)\n"
    "    y_train = targets_tensor(y_train)\n"
    "    n = len(x_train)\n"
    "    batch_size = min(BATCH_SIZE, n)\n"
    "\n"
    "    # Shuffling draws each epoch's order from SEED with PyTorch's generator,\n"
    "    # so the batches differ from Neurite's unless SHUFFLE is False, which\n"
    "    # keeps the file order.\n"
    "    generator = torch.Generator().manual_seed(SEED)\n"
    "    for epoch in range(epochs):\n"
    "        order = torch.randperm(n, generator=generator) if SHUFFLE else torch.arange(n)\n"
    "        loss_sum = correct = 0.0\n"
    "        model.train()\n"
    "        for start in range(0, n, batch_size):\n"
    "            batch = order[start:start + batch_size]\n"
    "            outputs = model(x_train[batch])\n"
    "            loss = loss_function(outputs, y_train[batch])\n"
    "            if not math.isfinite(loss.item()):\n"
    "                sys.exit(f\"the loss became {loss.item()} at epoch {epoch + 1}, batch \"\n"
    "                         f\"{start // batch_size + 1}; try a lower learning rate\")\n"
    "\n"
    "            optimizer.zero_grad()\n"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            loss_sum += loss.item() * len(batch)\n"
    "            if HAS_ACCURACY:\n"
    "                correct += count_correct(outputs.detach(), y_train[batch])\n"
    "\n"
    "        logs = [f\"loss: {loss_sum / n:.7g}\"]\n"
    "        if HAS_ACCURACY:\n"
    "            logs.append(f\"accuracy: {correct / n:.7g}\")\n"
    "        if len(x_val) > 0:\n"
    "            logs += evaluate(model, x_val, y_val)\n"
    "        print(f\"Epoch {epoch + 1}/{epochs} - \" + \" - \".join(logs), flush=True)\n"
    "\n"
    "\n"
    "def train(model, arrays, data, epochs):\n"
    "    \"\"\"Train model on data with the project's optimizer, which continues\n"
    "    from the optimizer state in arrays when the archive has one.\"\"\"\n"
    "    optimizer = create_optimizer(model)\n"
    "    if load_optimizer_state(model, optimizer, arrays):\n"
    "        print(\"the optimizer continues from the state in the weights archive\",\n"
    "              file=sys.stderr)\n"
    "    run_epochs(model, optimizer, data, epochs)\n"
  );
}
